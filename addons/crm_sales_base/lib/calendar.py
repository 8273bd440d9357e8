"""The company's calendar, without the ORM: periods of a local date and their UTC bounds.

Every figure of the suite (calls statistics, alerts, agent home, manager report, scores) is
counted over a local period (the company's timezone, its first day of the week) and read
from Odoo's Datetime columns, which hold naive UTC: these functions turn one into the other.

A calendar kind tells months and years apart; everything else (weeks, quarters, previous
and next periods, UTC bounds) is built on two questions a kind answers: which month of
which year holds a day, and which day starts a month: ``Gregorian`` and ``SolarHijri``
(the Iranian calendar, months Farvardin to Esfand) are the two kinds of ``CALENDARS``.
The pure formatting helpers at the end (``format_date``, month names) show a date in
either calendar.
"""

import datetime
from typing import NamedTuple

import pytz

from .persian import persian_digits

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


# The Solar Hijri calendar ------------------------------------------------------------------
#
# Years start at the March equinox (Nowruz); months 1 to 6 have 31 days, 7 to 11 have 30 and
# Esfand 29, or 30 in a leap year. Which years are leap follows the 33-year arithmetic rule
# that ICU (and so browsers and the JS side of the suite) uses: a year is leap when
# (25 * year + 11) mod 33 < 8. It agrees with the official (astronomical) calendar over
# the centuries a sales figure may touch (1403 leap, 1404 not; tests/unit checks every day
# of 1300-1500 against ICU), and being the same rule as the browser's, a date shown on the
# server and in the web client is the same date.

# 1 Farvardin 1 AP as the 33-year rule counts it: 21 March 622 of the proleptic Gregorian
# calendar (Python's ordinals).
JALALI_EPOCH = datetime.date(622, 3, 21).toordinal()
# Days before each month of a Solar Hijri year.
_JALALI_MONTH_STARTS = (0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336)


def jalali_is_leap(year):
    """True when Esfand of the Solar Hijri ``year`` has 30 days."""
    return (25 * year + 11) % 33 < 8


def _jalali_year_start(year):
    """Days from the epoch to 1 Farvardin of ``year``: 365 a year plus one a leap year before
    (the count of leap years below ``year`` by the 33-year rule, in closed form)."""
    return 365 * (year - 1) + (8 * year + 21) // 33


def jalali_month_length(year, month):
    if not 1 <= month <= 12:
        raise ValueError(f"A month is 1 to 12, not {month}")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jalali_is_leap(year) else 29


def to_jalali(day):
    """``(year, month, day)`` of the Solar Hijri calendar of the Gregorian ``day``."""
    days = day.toordinal() - JALALI_EPOCH
    # An estimate from the mean year (12053 / 33 days), off by at most one either way.
    year = (33 * days + 3) // 12053 + 1
    while _jalali_year_start(year) > days:
        year -= 1
    while _jalali_year_start(year + 1) <= days:
        year += 1
    of_year = days - _jalali_year_start(year)
    month = next(m for m in range(12, 0, -1) if _JALALI_MONTH_STARTS[m - 1] <= of_year)
    return year, month, of_year - _JALALI_MONTH_STARTS[month - 1] + 1


def from_jalali(year, month, day):
    """The Gregorian ``datetime.date`` of the Solar Hijri ``year``/``month``/``day``;
    ValueError for a day that does not exist (31 Mehr, 30 Esfand of a common year)."""
    if not 1 <= day <= jalali_month_length(year, month):
        raise ValueError(f"{year}/{month}/{day} is not a day of the Solar Hijri calendar")
    return datetime.date.fromordinal(
        JALALI_EPOCH + _jalali_year_start(year) + _JALALI_MONTH_STARTS[month - 1] + day - 1)


class SolarHijri(Gregorian):
    """Periods of the Solar Hijri (Jalali) calendar: the months and years are Iranian,
    quarters are its seasons (Farvardin, Tir, Mehr, Dey), days and weeks as in
    :class:`Gregorian`. Periods are Gregorian dates like every other, only their bounds
    differ."""

    name = "jalali"

    def month_of(self, day):
        year, month, _day = to_jalali(day)
        return year, month

    def first_day(self, year, month):
        return from_jalali(year, month, 1)


CALENDARS = {Gregorian.name: Gregorian, SolarHijri.name: SolarHijri}
# Labels of the calendars, for selection fields (translated by the fields that use them).
CALENDAR_LABELS = [(Gregorian.name, "Gregorian"), (SolarHijri.name, "Solar Hijri")]


def calendar(tz_name, first_weekday, kind="gregorian"):
    """The calendar of that ``kind`` (a key of ``CALENDARS``) in ``tz_name``."""
    if kind not in CALENDARS:
        raise ValueError(f"Unknown calendar: {kind}")
    return CALENDARS[kind](tz_name, first_weekday)


# Showing dates -----------------------------------------------------------------------------

MONTH_NAMES = {
    "gregorian": {
        "en": ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"),
        "fa": ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
               "اکتبر", "نوامبر", "دسامبر"),
    },
    "jalali": {
        "en": ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr",
               "Aban", "Azar", "Dey", "Bahman", "Esfand"),
        "fa": ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
               "دی", "بهمن", "اسفند"),
    },
}


def _language(lang):
    """"fa" for Persian languages (fa, fa_IR), else "en": the month names kept here."""
    return "fa" if (lang or "").split("_")[0].split("-")[0] == "fa" else "en"


def date_parts(day, calendar_code):
    """``(year, month, day)`` of ``day`` in the calendar ``calendar_code``."""
    if calendar_code not in CALENDARS:
        raise ValueError(f"Unknown calendar: {calendar_code}")
    if calendar_code == SolarHijri.name:
        return to_jalali(day)
    return day.year, day.month, day.day


def month_name(month, calendar_code, lang=None):
    """Name of the ``month`` (1 to 12) of that calendar in ``lang`` (Persian for fa*,
    English otherwise)."""
    if calendar_code not in MONTH_NAMES:
        raise ValueError(f"Unknown calendar: {calendar_code}")
    return MONTH_NAMES[calendar_code][_language(lang)][month - 1]


def month_label(day, calendar_code, lang=None):
    """Month and year holding ``day``, as a title: "Azar 1405", "آذر ۱۴۰۵", "December 2026"."""
    year, month, _day = date_parts(day, calendar_code)
    label = f"{month_name(month, calendar_code, lang)} {year}"
    return persian_digits(label) if _language(lang) == "fa" else label


def format_date(day, calendar_code, lang=None, digits="latin"):
    """``day`` (a date, or a datetime already in the reader's timezone) written as
    year/month/day in that calendar: "1405/09/10" for Jalali, "2026-12-01" (ISO, as Odoo
    writes dates) for Gregorian; ``digits="persian"`` writes ۱۴۰۵/۰۹/۱۰. Empty for no date."""
    if not day:
        return ""
    if isinstance(day, datetime.datetime):
        day = day.date()
    year, month, dom = date_parts(day, calendar_code)
    separator = "/" if calendar_code == SolarHijri.name else "-"
    text = f"{year:04d}{separator}{month:02d}{separator}{dom:02d}"
    return persian_digits(text) if digits == "persian" else text


def format_datetime(moment, calendar_code, lang=None, digits="latin", seconds=False):
    """A naive local datetime as ``format_date`` plus " HH:MM" (" HH:MM:SS" with ``seconds``)."""
    if not moment:
        return ""
    text = f"{format_date(moment, calendar_code, lang)} {moment:%H:%M:%S}" if seconds else \
        f"{format_date(moment, calendar_code, lang)} {moment:%H:%M}"
    return persian_digits(text) if digits == "persian" else text
