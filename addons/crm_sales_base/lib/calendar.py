"""The company's calendar, without the ORM: periods of a local date and their UTC bounds.

Every figure of the suite (calls statistics, alerts, agent home, manager report, scores) is
counted over a local period (the company's timezone, its first day of the week) and read
from Odoo's Datetime columns, which hold naive UTC: these functions turn one into the other.

A calendar kind tells months and years apart; everything else (weeks, quarters, previous
and next periods, UTC bounds) is built on two questions a kind answers: which month of
which year holds a day, and which day starts a month. ``Gregorian`` is the only kind
today; issue 19 adds the Solar Hijri calendar as a second class in ``CALENDARS``.
"""

import datetime
from typing import NamedTuple

import pytz

KINDS = ("day", "week", "month", "quarter", "year")
MONTHS_OF = {"month": 1, "quarter": 3, "year": 12}


class Period(NamedTuple):
    """A local period: ``start`` and ``stop`` (excluded) dates, and the naive UTC datetimes
    of their midnights, as Odoo's Datetime columns compare them."""

    kind: str
    start: datetime.date
    stop: datetime.date
    utc_start: datetime.datetime
    utc_stop: datetime.datetime


# Timezone arithmetic -----------------------------------------------------------------------


def localize(local, tz_name):
    """The naive local datetime ``local`` of ``tz_name`` as an aware datetime. A time the
    clocks skipped (spring forward) is read with the offset before the jump, so a day whose
    midnight does not exist starts when the clocks show 01:00; a time shown twice (fall
    back) is its first occurrence, so such a day starts at its first midnight."""
    tz = pytz.timezone(tz_name)
    try:
        return tz.localize(local, is_dst=None)
    except pytz.NonExistentTimeError:
        return tz.localize(local, is_dst=False)
    except pytz.AmbiguousTimeError:
        return tz.localize(local, is_dst=True)


def to_utc(local, tz_name):
    """Naive UTC of the naive local datetime ``local`` of ``tz_name``."""
    return localize(local, tz_name).astimezone(pytz.utc).replace(tzinfo=None)


def local_now(now_utc, tz_name):
    """The naive UTC ``now_utc`` as an aware datetime of the timezone ``tz_name``."""
    return pytz.utc.localize(now_utc).astimezone(pytz.timezone(tz_name))


def to_local(moment_utc, tz_name):
    """Naive local datetime of ``tz_name`` of the naive UTC ``moment_utc``."""
    return local_now(moment_utc, tz_name).replace(tzinfo=None)


def midnight_utc(day, tz_name):
    """Naive UTC of the start of the local ``day``."""
    return to_utc(datetime.datetime.combine(day, datetime.time.min), tz_name)


def utc_bounds(date_from, date_stop, tz_name):
    """Naive UTC datetimes of local midnight at ``date_from`` and at ``date_stop`` (excluded).
    Each midnight is converted on its own: a range across a change of the clocks is not a
    whole number of 24 hours."""
    return midnight_utc(date_from, tz_name), midnight_utc(date_stop, tz_name)


def day_bounds(moment_utc, tz_name):
    """Naive UTC bounds of the local day holding the naive UTC ``moment_utc``."""
    day = to_local(moment_utc, tz_name).date()
    return utc_bounds(day, day + datetime.timedelta(days=1), tz_name)


def local_days(utc_start, utc_stop, tz_name):
    """``(first day, day after the last)`` when both naive UTC bounds are local midnights
    of ``tz_name``, else None: such a range is a range of whole local days."""
    start, stop = to_local(utc_start, tz_name), to_local(utc_stop, tz_name)
    if start.time() != datetime.time.min or stop.time() != datetime.time.min:
        return None
    if utc_bounds(start.date(), stop.date(), tz_name) != (utc_start, utc_stop):
        return None  # a midnight shown twice, the second one
    return start.date(), stop.date()


def hours(moment):
    """Time of day of ``moment`` as hours (12:30 → 12.5), as Odoo's float_time fields hold it."""
    return moment.hour + moment.minute / 60 + moment.second / 3600


# Calendars ---------------------------------------------------------------------------------


class Gregorian:
    """Periods of the Gregorian calendar, weeks starting on ``first_weekday`` (as
    ``date.weekday()``: 0 Monday … 5 Saturday, 6 Sunday), in the timezone ``tz_name``."""

    name = "gregorian"

    def __init__(self, tz_name="UTC", first_weekday=0):
        if tz_name not in pytz.all_timezones_set:
            raise ValueError(f"Unknown timezone: {tz_name}")
        if first_weekday not in range(7):
            raise ValueError(f"A first weekday is 0 (Monday) to 6 (Sunday), not {first_weekday}")
        self.tz_name = tz_name
        self.first_weekday = first_weekday

    # What a calendar kind answers.

    def month_of(self, day):
        """``(year, month)`` of ``day``, months numbered 1 to 12."""
        return day.year, day.month

    def first_day(self, year, month):
        """First day of the ``month`` (1 to 12) of ``year``."""
        return datetime.date(year, month, 1)

    # Built on the above.

    def today(self, now_utc):
        """Local date at the naive UTC ``now_utc``."""
        return to_local(now_utc, self.tz_name).date()

    def add_months(self, year, month, count):
        """``(year, month)`` ``count`` months after (before, when negative) that month."""
        index = year * 12 + month - 1 + count
        return index // 12, index % 12 + 1

    def bounds(self, kind, day):
        """``(first day, first day after)`` of the ``kind`` of period holding ``day``."""
        if kind == "day":
            return day, day + datetime.timedelta(days=1)
        if kind == "week":
            start = day - datetime.timedelta(days=(day.weekday() - self.first_weekday) % 7)
            return start, start + datetime.timedelta(days=7)
        if kind not in MONTHS_OF:
            raise ValueError(f"Unknown period: {kind}")
        length = MONTHS_OF[kind]
        year, month = self.month_of(day)
        month -= (month - 1) % length  # first month of the quarter or the year
        return self.first_day(year, month), self.first_day(*self.add_months(year, month, length))

    def period(self, kind, day, offset=0):
        """The :class:`Period` of ``kind`` holding the local ``day``, or ``offset`` periods
        after it (before it when negative)."""
        start, stop = self.bounds(kind, day)
        for _step in range(abs(offset)):
            if offset > 0:
                start, stop = self.bounds(kind, stop)
            else:
                start, stop = self.bounds(kind, start - datetime.timedelta(days=1))
        return Period(kind, start, stop, *utc_bounds(start, stop, self.tz_name))

    def previous(self, kind, day):
        return self.period(kind, day, -1)

    def next(self, kind, day):
        return self.period(kind, day, 1)

    def days(self, date_from, date_stop):
        """:class:`Period` of the local days ``date_from`` to ``date_stop`` (excluded)."""
        return Period("days", date_from, date_stop, *utc_bounds(date_from, date_stop, self.tz_name))


CALENDARS = {Gregorian.name: Gregorian}


def calendar(tz_name, first_weekday, kind="gregorian"):
    """The calendar of that ``kind`` (a key of ``CALENDARS``) in ``tz_name``."""
    if kind not in CALENDARS:
        raise ValueError(f"Unknown calendar: {kind}")
    return CALENDARS[kind](tz_name, first_weekday)
