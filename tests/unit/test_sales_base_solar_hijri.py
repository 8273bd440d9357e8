"""The Solar Hijri calendar of crm_sales_base/lib/calendar.py, against ICU.

``fixtures/solar_hijri_icu.csv`` holds the first Gregorian day and the length of every
Solar Hijri month of 1300-1500 as ICU 78 gives them (the calendar browsers show), written
once by node with ``Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {timeZone: 'UTC'})``
walking every day from 1921-03-01 to 2122-04-01 and noting where the day of month is 1.
"""

import csv
import datetime
from pathlib import Path

import pytest

from odoo.addons.crm_sales_base.lib import calendar
from odoo.addons.crm_sales_base.lib.calendar import SolarHijri

D = datetime.date
SATURDAY = 5
ICU = Path(__file__).parent / "fixtures" / "solar_hijri_icu.csv"


def icu_months():
    with ICU.open() as rows:
        return [(int(r["year"]), int(r["month"]), D.fromisoformat(r["gregorian_first_day"]), int(r["days"]))
                for r in csv.DictReader(rows)]


def dates(period):
    return period.start, period.stop


def test_every_day_of_1300_to_1500_is_icus():
    months = icu_months()
    assert len(months) == 201 * 12
    checked = 0
    for year, month, first, length in months:
        assert calendar.jalali_month_length(year, month) == length, (year, month)
        for dom in range(1, length + 1):
            day = first + datetime.timedelta(days=dom - 1)
            assert calendar.to_jalali(day) == (year, month, dom), day
            assert calendar.from_jalali(year, month, dom) == day
            checked += 1
    # Consecutive months leave no day out: the walk covered every day of the range.
    assert checked == (months[-1][2] + datetime.timedelta(days=months[-1][3]) - months[0][2]).days


@pytest.mark.parametrize(("year", "leap"), [(1399, True), (1400, False), (1403, True), (1404, False),
                                             (1405, False), (1408, True)])
def test_leap_years(year, leap):
    assert calendar.jalali_is_leap(year) is leap
    assert calendar.jalali_month_length(year, 12) == (30 if leap else 29)


def test_esfand_30_exists_in_a_leap_year_only():
    assert calendar.from_jalali(1403, 12, 30) == D(2025, 3, 20)
    assert calendar.to_jalali(D(2025, 3, 21)) == (1404, 1, 1)
    assert calendar.from_jalali(1404, 12, 29) == D(2026, 3, 20)
    with pytest.raises(ValueError):
        calendar.from_jalali(1404, 12, 30)
    with pytest.raises(ValueError):
        calendar.from_jalali(1405, 7, 31)  # Mehr has 30 days
    with pytest.raises(ValueError):
        calendar.from_jalali(1405, 13, 1)


@pytest.mark.parametrize(("kind", "day", "expected"), [
    # F22 of 1 December 2026 is Azar's: 1 Azar 1405 to 30 Azar 1405.
    ("month", D(2026, 12, 1), (D(2026, 11, 22), D(2026, 12, 22))),
    ("month", D(2026, 11, 21), (D(2026, 10, 23), D(2026, 11, 22))),  # 30 Aban: Aban
    # Esfand of a leap year (1403) has 30 days, of a common one (1404) 29.
    ("month", D(2025, 3, 20), (D(2025, 2, 19), D(2025, 3, 21))),
    ("month", D(2026, 3, 20), (D(2026, 2, 20), D(2026, 3, 21))),
    ("quarter", D(2026, 12, 1), (D(2026, 9, 23), D(2026, 12, 22))),  # autumn: Mehr to Azar
    ("quarter", D(2027, 3, 20), (D(2026, 12, 22), D(2027, 3, 21))),  # winter: Dey to Esfand
    ("year", D(2026, 12, 1), (D(2026, 3, 21), D(2027, 3, 21))),
    ("year", D(2025, 3, 20), (D(2024, 3, 20), D(2025, 3, 21))),  # 1403: 366 days
    ("week", D(2026, 12, 1), (D(2026, 11, 28), D(2026, 12, 5))),  # weeks as in Gregorian
])
def test_periods_of_a_day(kind, day, expected):
    assert dates(SolarHijri("Asia/Tehran", SATURDAY).period(kind, day)) == expected


@pytest.mark.parametrize(("kind", "day", "previous", "following"), [
    # Across the year end: Esfand 1404 (29 days) → Farvardin 1405.
    ("month", D(2026, 3, 21), (D(2026, 2, 20), D(2026, 3, 21)), (D(2026, 4, 21), D(2026, 5, 22))),
    ("month", D(2025, 3, 21), (D(2025, 2, 19), D(2025, 3, 21)), (D(2025, 4, 21), D(2025, 5, 22))),
    ("year", D(2026, 3, 21), (D(2025, 3, 21), D(2026, 3, 21)), (D(2027, 3, 21), D(2028, 3, 20))),
    ("quarter", D(2026, 4, 1), (D(2025, 12, 22), D(2026, 3, 21)), (D(2026, 6, 22), D(2026, 9, 23))),
])
def test_previous_and_next_across_the_year_end(kind, day, previous, following):
    cal = SolarHijri("UTC", SATURDAY)
    assert dates(cal.previous(kind, day)) == previous
    assert dates(cal.next(kind, day)) == following


def test_bounds_are_tehran_midnights_in_utc():
    period = calendar.calendar("Asia/Tehran", SATURDAY, "jalali").period("month", D(2026, 12, 1))
    assert period.utc_start == datetime.datetime(2026, 11, 21, 20, 30)
    assert period.utc_stop == datetime.datetime(2026, 12, 21, 20, 30)


def test_registry():
    assert set(calendar.CALENDARS) == {"gregorian", "jalali"}
    assert [code for code, _label in calendar.CALENDAR_LABELS] == list(calendar.CALENDARS)
    with pytest.raises(ValueError):
        calendar.calendar("UTC", SATURDAY, "lunar")


@pytest.mark.parametrize(("day", "code", "kwargs", "text"), [
    (D(2026, 12, 1), "jalali", {}, "1405/09/10"),
    (D(2026, 12, 1), "jalali", {"digits": "persian"}, "۱۴۰۵/۰۹/۱۰"),
    (D(2026, 12, 1), "gregorian", {}, "2026-12-01"),
    (datetime.datetime(2025, 3, 20, 23, 59), "jalali", {}, "1403/12/30"),
    (None, "jalali", {}, ""),
])
def test_format_date(day, code, kwargs, text):
    assert calendar.format_date(day, code, "fa_IR", **kwargs) == text


def test_month_names_and_labels():
    assert calendar.month_name(9, "jalali", "en_US") == "Azar"
    assert calendar.month_name(9, "jalali", "fa_IR") == "آذر"
    assert calendar.month_name(12, "jalali", "fa") == "اسفند"
    assert calendar.month_label(D(2026, 12, 1), "jalali", "en_US") == "Azar 1405"
    assert calendar.month_label(D(2026, 12, 1), "jalali", "fa_IR") == "آذر ۱۴۰۵"
    assert calendar.month_label(D(2026, 12, 1), "gregorian", "en_US") == "December 2026"
    assert calendar.format_datetime(datetime.datetime(2026, 12, 1, 9, 5), "jalali") == "1405/09/10 09:05"
    assert calendar.format_datetime(datetime.datetime(2026, 12, 1, 9, 5, 7), "jalali", seconds=True) == \
        "1405/09/10 09:05:07"
    assert calendar.format_datetime(datetime.datetime(2026, 12, 1, 9, 5), "jalali", digits="persian") == \
        "۱۴۰۵/۰۹/۱۰ ۰۹:۰۵"
