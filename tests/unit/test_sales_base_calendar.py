"""The company's calendar, without a database (crm_sales_base/lib/calendar.py)."""

import datetime

import pytest

from odoo.addons.crm_sales_base.lib import calendar
from odoo.addons.crm_sales_base.lib.calendar import Gregorian

D = datetime.date
DT = datetime.datetime
SATURDAY, SUNDAY, MONDAY = 5, 6, 0


def dates(period):
    return period.start, period.stop


@pytest.mark.parametrize(("first_weekday", "day", "start"), [
    (SATURDAY, D(2026, 11, 23), D(2026, 11, 21)),  # a Monday: the Saturday before
    (SATURDAY, D(2026, 11, 21), D(2026, 11, 21)),  # the Saturday itself
    (SATURDAY, D(2026, 11, 27), D(2026, 11, 21)),  # the Friday: the week's last day
    (SUNDAY, D(2026, 11, 21), D(2026, 11, 15)),
    (MONDAY, D(2026, 11, 22), D(2026, 11, 16)),
    (SATURDAY, D(2027, 1, 1), D(2026, 12, 26)),  # a week across the year end
])
def test_week_follows_the_first_weekday(first_weekday, day, start):
    period = Gregorian("UTC", first_weekday).period("week", day)
    assert dates(period) == (start, start + datetime.timedelta(days=7))
    assert period.kind == "week"


@pytest.mark.parametrize(("kind", "day", "expected"), [
    ("day", D(2026, 12, 31), (D(2026, 12, 31), D(2027, 1, 1))),
    ("month", D(2026, 12, 31), (D(2026, 12, 1), D(2027, 1, 1))),
    ("month", D(2028, 2, 29), (D(2028, 2, 1), D(2028, 3, 1))),
    ("quarter", D(2026, 12, 31), (D(2026, 10, 1), D(2027, 1, 1))),
    ("quarter", D(2026, 1, 1), (D(2026, 1, 1), D(2026, 4, 1))),
    ("quarter", D(2026, 5, 15), (D(2026, 4, 1), D(2026, 7, 1))),
    ("year", D(2026, 7, 4), (D(2026, 1, 1), D(2027, 1, 1))),
])
def test_periods_of_a_day(kind, day, expected):
    assert dates(Gregorian("Asia/Tehran", SATURDAY).period(kind, day)) == expected


@pytest.mark.parametrize(("kind", "day", "previous", "following"), [
    ("day", D(2027, 1, 1), (D(2026, 12, 31), D(2027, 1, 1)), (D(2027, 1, 2), D(2027, 1, 3))),
    ("week", D(2027, 1, 1), (D(2026, 12, 19), D(2026, 12, 26)), (D(2027, 1, 2), D(2027, 1, 9))),
    ("month", D(2027, 1, 31), (D(2026, 12, 1), D(2027, 1, 1)), (D(2027, 2, 1), D(2027, 3, 1))),
    ("quarter", D(2027, 2, 10), (D(2026, 10, 1), D(2027, 1, 1)), (D(2027, 4, 1), D(2027, 7, 1))),
    ("year", D(2027, 6, 1), (D(2026, 1, 1), D(2027, 1, 1)), (D(2028, 1, 1), D(2029, 1, 1))),
])
def test_previous_and_next_across_the_year_end(kind, day, previous, following):
    cal = Gregorian("UTC", SATURDAY)
    assert dates(cal.previous(kind, day)) == previous
    assert dates(cal.next(kind, day)) == following
    assert dates(cal.period(kind, day, offset=-2)) == dates(cal.previous(kind, previous[0]))
    assert dates(cal.period(kind, day, offset=2)) == dates(cal.next(kind, following[0]))


def test_utc_bounds_of_a_period():
    period = Gregorian("Asia/Tehran", SATURDAY).period("month", D(2026, 11, 23))
    # Tehran is UTC+03:30 (no summer time since 2022).
    assert (period.utc_start, period.utc_stop) == (DT(2026, 10, 31, 20, 30), DT(2026, 11, 30, 20, 30))


def test_days_across_summer_time_are_not_24_hours():
    # Tehran's clocks went forward at 00:00 on 22 March 2022 and back at 24:00 on 21 September.
    start, stop = calendar.utc_bounds(D(2022, 3, 21), D(2022, 3, 23), "Asia/Tehran")
    assert start == DT(2022, 3, 20, 20, 30)  # +03:30
    assert stop == DT(2022, 3, 22, 19, 30)  # +04:30: the range is 47 hours
    # The 22nd has no midnight: it starts when the clocks show 01:00, 20:30 UTC on the 21st.
    assert calendar.utc_bounds(D(2022, 3, 22), D(2022, 3, 23), "Asia/Tehran")[0] == DT(2022, 3, 21, 20, 30)
    # Back in September: the 21st has 25 hours.
    start, stop = calendar.utc_bounds(D(2022, 9, 21), D(2022, 9, 22), "Asia/Tehran")
    assert stop - start == datetime.timedelta(hours=25)
    # A month across the change in Europe.
    period = Gregorian("Europe/Berlin", MONDAY).period("month", D(2026, 3, 10))
    assert (period.utc_start, period.utc_stop) == (DT(2026, 2, 28, 23), DT(2026, 3, 31, 22))


def test_a_midnight_shown_twice_starts_the_day_at_the_first_one():
    # Havana fell back from 01:00 to 00:00 on 6 November 2016: midnight came twice.
    start, stop = calendar.utc_bounds(D(2016, 11, 6), D(2016, 11, 7), "America/Havana")
    assert start == DT(2016, 11, 6, 4)  # 00:00 at UTC-04:00, the first midnight
    assert stop - start == datetime.timedelta(hours=25)


def test_day_bounds_and_local_conversions():
    # 21:00 UTC on the 22nd is 00:30 on the 23rd in Tehran.
    assert calendar.day_bounds(DT(2026, 11, 22, 21), "Asia/Tehran") == (
        DT(2026, 11, 22, 20, 30), DT(2026, 11, 23, 20, 30))
    assert calendar.to_local(DT(2026, 11, 22, 21), "Asia/Tehran") == DT(2026, 11, 23, 0, 30)
    assert calendar.to_utc(DT(2026, 11, 23, 0, 30), "Asia/Tehran") == DT(2026, 11, 22, 21)
    assert Gregorian("Asia/Tehran", SATURDAY).today(DT(2026, 11, 22, 21)) == D(2026, 11, 23)
    assert calendar.hours(DT(2026, 1, 1, 12, 30)) == 12.5


def test_local_days_tells_whole_days_from_other_ranges():
    tz = "Asia/Tehran"
    assert calendar.local_days(*calendar.utc_bounds(D(2026, 1, 1), D(2026, 2, 1), tz), tz) == (
        D(2026, 1, 1), D(2026, 2, 1))
    assert calendar.local_days(DT(2026, 1, 1), DT(2026, 1, 2), tz) is None  # UTC midnights
    assert calendar.local_days(DT(2016, 11, 6, 5), DT(2016, 11, 7, 5), "America/Havana") is None


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="Unknown period"):
        Gregorian().period("fortnight", D(2026, 1, 1))
    with pytest.raises(ValueError, match="Unknown timezone"):
        Gregorian("Mars/Olympus", 0)
    with pytest.raises(ValueError, match="first weekday"):
        Gregorian("UTC", 7)
    with pytest.raises(ValueError, match="Unknown calendar"):
        calendar.calendar("UTC", 0, kind="mayan")
    assert isinstance(calendar.calendar("UTC", 0), Gregorian)


def test_another_calendar_kind_needs_only_its_months():
    """What issue 19's Solar Hijri kind will do: a kind answering only month_of and
    first_day gets weeks, quarters, years and their neighbours. Here, a toy calendar whose
    year starts on 1 April (as fiscal years do in some countries)."""

    class AprilYear(Gregorian):
        name = "april"

        def month_of(self, day):
            index = day.year * 12 + day.month - 1 - 3
            return index // 12, index % 12 + 1

        def first_day(self, year, month):
            index = year * 12 + month - 1 + 3
            return D(index // 12, index % 12 + 1, 1)

    cal = AprilYear("UTC", SATURDAY)
    assert dates(cal.period("year", D(2027, 2, 1))) == (D(2026, 4, 1), D(2027, 4, 1))
    assert dates(cal.period("quarter", D(2027, 2, 1))) == (D(2027, 1, 1), D(2027, 4, 1))
    assert dates(cal.next("quarter", D(2027, 2, 1))) == (D(2027, 4, 1), D(2027, 7, 1))
    assert dates(cal.period("week", D(2027, 2, 1))) == dates(Gregorian("UTC", SATURDAY).period("week", D(2027, 2, 1)))
