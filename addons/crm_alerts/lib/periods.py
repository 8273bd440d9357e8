"""Days, weeks and months of the company's calendar, without the ORM.

Every figure of the alerts, the agent home and the manager report is counted over a local
period (the company's timezone, its first day of the week) and read from UTC columns: these
functions turn one into the other.
"""

import datetime

import pytz


def local_now(now_utc, tz_name):
    """The naive UTC ``now_utc`` as an aware datetime of the timezone ``tz_name``."""
    return pytz.utc.localize(now_utc).astimezone(pytz.timezone(tz_name))


def week_start(day, first_weekday):
    """First day of the week holding ``day``; ``first_weekday`` as ``date.weekday()``
    (0 Monday … 5 Saturday, 6 Sunday)."""
    return day - datetime.timedelta(days=(day.weekday() - first_weekday) % 7)


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def period(kind, day, first_weekday):
    """``(first day, first day after)`` of the ``kind`` (day, week or month) holding ``day``."""
    if kind == "day":
        return day, day + datetime.timedelta(days=1)
    if kind == "week":
        start = week_start(day, first_weekday)
        return start, start + datetime.timedelta(days=7)
    if kind == "month":
        return month_start(day), next_month(day)
    raise ValueError(kind)


def utc_bounds(date_from, date_stop, tz_name):
    """Naive UTC datetimes of local midnight at ``date_from`` and at ``date_stop`` (excluded),
    for comparing with Odoo's Datetime columns."""
    tz = pytz.timezone(tz_name)

    def utc(day):
        local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    return utc(date_from), utc(date_stop)


def hours(moment):
    """Time of day of ``moment`` as hours (12:30 → 12.5), as Odoo's float_time fields hold it."""
    return moment.hour + moment.minute / 60 + moment.second / 3600


COMPARATORS = {
    "lt": lambda value, threshold: value < threshold,
    "le": lambda value, threshold: value <= threshold,
    "gt": lambda value, threshold: value > threshold,
    "ge": lambda value, threshold: value >= threshold,
}


def fires(operator, value, threshold):
    """Whether a rule's comparison holds; a figure that does not exist (an average without
    answered calls, a gap without a target) never fires."""
    return value is not None and COMPARATORS[operator](value, threshold)
