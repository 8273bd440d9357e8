/**
 * The Solar Hijri (Jalali) calendar without luxon nor the DOM: conversion of a day between
 * the Gregorian and the Solar Hijri calendars, the same arithmetic as the server's
 * ``crm_sales_base/lib/calendar.py`` (``to_jalali``, ``from_jalali``). A year is leap when
 * (25 * year + 11) mod 33 < 8, the rule ICU (so the browser's Intl "persian" calendar that
 * writes the dates) uses: a date typed, read by this module, and the date shown are one.
 */

const DAY_MS = 86400000;
// Days from 1970-01-01 (day 0 of Date) to 1 Farvardin 1 AP as the 33-year rule counts it:
// 21 March 622 of the proleptic Gregorian calendar (as Python's ordinals).
const JALALI_EPOCH = daysOfCivil(622, 3, 21);
// Days before each month of a Solar Hijri year.
const MONTH_STARTS = [0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336];

function floorDiv(a, b) {
    return Math.floor(a / b);
}

/** Days from 1970-01-01 to the proleptic Gregorian ``year``/``month``/``day``. */
function daysOfCivil(year, month, day) {
    const date = new Date(Date.UTC(2000, month - 1, day));
    date.setUTCFullYear(year); // Date.UTC reads the years 0-99 as 1900-1999
    return floorDiv(date.getTime(), DAY_MS);
}

/** Days from the epoch to 1 Farvardin of ``year``. */
function yearStart(year) {
    return 365 * (year - 1) + floorDiv(8 * year + 21, 33);
}

/** True when Esfand of the Solar Hijri ``year`` has 30 days. */
export function isJalaliLeap(year) {
    return (((25 * year + 11) % 33) + 33) % 33 < 8;
}

/** Days in the ``month`` (1 to 12) of the Solar Hijri ``year``. */
export function jalaliMonthLength(year, month) {
    if (month <= 6) {
        return 31;
    }
    if (month <= 11) {
        return 30;
    }
    return isJalaliLeap(year) ? 30 : 29;
}

/**
 * The Solar Hijri day of the Gregorian ``year``/``month``/``day``.
 * @returns {{year: number, month: number, day: number}}
 */
export function toJalali(year, month, day) {
    const days = daysOfCivil(year, month, day) - JALALI_EPOCH;
    // An estimate from the mean year (12053 / 33 days), off by at most one either way.
    let jYear = floorDiv(33 * days + 3, 12053) + 1;
    while (yearStart(jYear) > days) {
        jYear--;
    }
    while (yearStart(jYear + 1) <= days) {
        jYear++;
    }
    const ofYear = days - yearStart(jYear);
    let jMonth = 12;
    while (MONTH_STARTS[jMonth - 1] > ofYear) {
        jMonth--;
    }
    return { year: jYear, month: jMonth, day: ofYear - MONTH_STARTS[jMonth - 1] + 1 };
}

/**
 * The Gregorian day of the Solar Hijri ``year``/``month``/``day``, or null when that day
 * does not exist (31 Mehr, 30 Esfand of a common year, month 13).
 * @returns {{year: number, month: number, day: number} | null}
 */
export function fromJalali(year, month, day) {
    if (
        ![year, month, day].every(Number.isInteger) ||
        month < 1 ||
        month > 12 ||
        day < 1 ||
        day > jalaliMonthLength(year, month)
    ) {
        return null;
    }
    const days = JALALI_EPOCH + yearStart(year) + MONTH_STARTS[month - 1] + day - 1;
    const date = new Date(days * DAY_MS);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
