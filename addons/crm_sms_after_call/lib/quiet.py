"""Quiet hours: when an automatic SMS may reach a person's phone, without the ORM."""

import datetime


def _time(hours):
    hours = min(max(hours, 0.0), 24.0)
    minutes = round(hours * 60)
    return datetime.time(23, 59) if minutes >= 24 * 60 else datetime.time(minutes // 60, minutes % 60)


def is_quiet(local, start, end):
    """Whether the local (naive) datetime falls in quiet hours ``start``–``end`` (hours of
    the day as floats, 21.0–8.0 wrapping midnight); equal bounds mean no quiet hours."""
    begin, finish, now = _time(start), _time(end), local.time()
    if begin == finish:
        return False
    if begin < finish:
        return begin <= now < finish
    return now >= begin or now < finish


def release(local, start, end):
    """The first local datetime at or after ``local`` outside quiet hours."""
    if not is_quiet(local, start, end):
        return local
    finish = _time(end)
    day = local.date() if local.time() < finish else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, finish)
