/**
 * Dates of the web client in the Solar Hijri calendar, for the users whose display calendar
 * is "jalali" (``res.users._sales_panel_display_calendar``, in the session as
 * ``sales_panel_calendar``). Values stay Gregorian luxon DateTimes, and the server keeps
 * reading and writing Gregorian UTC: only what a user reads and types changes.
 *
 * - Shown: luxon writes every date through Intl with the "persian" output calendar
 *   (fields, lists, kanban, the chatter's dates, the suite's components all format with
 *   luxon), except the two formats Odoo sends to the server (``serializeDate``,
 *   ``serializeDateTime``), which stay Gregorian.
 * - Typed: ``parseDate``/``parseDateTime`` read with ``DateTime.fromFormat``; a typed year
 *   below ``GREGORIAN_YEARS`` is a Solar Hijri year, so 1405/9/10 (or ۱۴۰۵/۰۹/۱۰) is
 *   1 December 2026 while 2026/12/01 is still read as typed.
 */
import { session } from "@web/session";
import { patch } from "@web/core/utils/patch";
import { latinDigits } from "@crm_sales_base/digits/digits";
import { fromJalali, jalaliMonthLength, toJalali } from "./calendar";

const { DateTime, Settings } = luxon;

export const JALALI = "jalali";
// Years from which a typed year is Gregorian: Solar Hijri years of the dates a business
// handles are 1300-1500, Gregorian ones 1900-2100.
export const GREGORIAN_YEARS = 1700;
// What serializeDate and serializeDateTime (@web/core/l10n/dates) write for the server, and
// what stock code writes for it with toFormat directly (POS order dates, the spreadsheet's
// "MM/yyyy" month keys of pivots): Gregorian, in Latin digits.
const SERVER_FORMATS = new Set(["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "MM/yyyy"]);
// A month or a year alone names a period, and the web client's periods are Gregorian ones
// computed by luxon (the stock search filters "December", "2026", the calendar view's
// titles): written in the Solar Hijri calendar they would name another period.
const PERIOD_FORMATS = new Set(["MMMM", "MMM", "LLLL", "LLL", "yyyy", "y"]);
// luxon's own toFormat, for the dates written in Solar Hijri whatever the above.
const toFormat = DateTime.prototype.toFormat;

/** True when the user reads dates in the Solar Hijri calendar. */
export function isJalali() {
    return session.sales_panel_calendar === JALALI;
}

/** Solar Hijri year, month and day of the (Gregorian) luxon ``date``. */
export function jalaliParts(date) {
    return toJalali(date.year, date.month, date.day);
}

/** ``date`` moved to the Gregorian day of that Solar Hijri day, time kept. */
function atJalaliDay(date, year, month, day) {
    const gregorian = fromJalali(year, month, day);
    return date.set({ year: gregorian.year, month: gregorian.month, day: gregorian.day });
}

/** Midnight of the first day of the Solar Hijri month holding ``date``. */
export function startOfJalaliMonth(date) {
    const { year, month } = jalaliParts(date);
    return atJalaliDay(date, year, month, 1).startOf("day");
}

/** Midnight of 1 Farvardin of the Solar Hijri year holding ``date``. */
export function startOfJalaliYear(date) {
    return atJalaliDay(date, jalaliParts(date).year, 1, 1).startOf("day");
}

/** ``date`` ``count`` Solar Hijri months later (earlier when negative); the day is kept, or
 * the last of a shorter month (31 Shahrivar + 1 month = 30 Mehr), as luxon does. */
export function plusJalaliMonths(date, count) {
    const parts = jalaliParts(date);
    const index = parts.year * 12 + parts.month - 1 + count;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return atJalaliDay(date, year, month, Math.min(parts.day, jalaliMonthLength(year, month)));
}

/** Last moment of the Solar Hijri month holding ``date``. */
export function endOfJalaliMonth(date) {
    return plusJalaliMonths(startOfJalaliMonth(date), 1).minus({ millisecond: 1 });
}

/** ``date`` written with the Solar Hijri calendar whatever the user's setting (titles of the
 * date picker, for instance): ``toFormat`` in the "persian" output calendar. */
export function formatJalali(date, format) {
    return toFormat.call(date.reconfigure({ outputCalendar: "persian" }), format);
}

/**
 * Reads ``text`` in ``format`` as a Solar Hijri date: the values luxon finds for the tokens,
 * the year, month and day taken as Solar Hijri. Undefined when the text is not a date
 * with a Solar Hijri year in that format (left to luxon), an invalid DateTime for a day the
 * Solar Hijri calendar does not have (31 Mehr).
 */
function fromJalaliFormat(text, format, options) {
    const explained = DateTime.fromFormatExplain(text, format, options);
    const units = explained.result;
    if (
        !units ||
        explained.zone ||
        [units.year, units.month, units.day].some((value) => value === undefined) ||
        units.year >= GREGORIAN_YEARS
    ) {
        return undefined;
    }
    const gregorian = fromJalali(units.year, units.month, units.day);
    if (!gregorian) {
        return DateTime.invalid("not a day of the Solar Hijri calendar");
    }
    const { weekday: _weekday, ...rest } = units; // the weekday is the Gregorian one's
    return DateTime.fromObject(
        { ...rest, ...gregorian },
        { zone: options.zone, locale: options.locale, numberingSystem: options.numberingSystem }
    );
}

patch(DateTime, {
    fromFormat(text, format, options = {}) {
        // Persian first: Persian and Arabic-Indic digits are read as the digits they are,
        // whatever digits dates are shown with (static/src/digits): the text is read in
        // ASCII digits, the date returned writes the digits asked for (or the default).
        const latin = typeof text === "string" ? latinDigits(text) : text;
        const latinOptions = { ...options, numberingSystem: "latn" };
        let result;
        if (isJalali() && typeof latin === "string" && typeof format === "string") {
            result = fromJalaliFormat(latin, format, latinOptions);
        }
        result ||= super.fromFormat(latin, format, latinOptions);
        if (!result.isValid) {
            return result;
        }
        return result.reconfigure({
            numberingSystem: options.numberingSystem || Settings.defaultNumberingSystem,
        });
    },
});

patch(DateTime.prototype, {
    toFormat(format, options = {}) {
        const forServer = SERVER_FORMATS.has(format);
        let date = this;
        if (this.loc.outputCalendar === "persian" && (forServer || PERIOD_FORMATS.has(format))) {
            // A value for the server or the name of a Gregorian period: Gregorian.
            date = this.reconfigure({ outputCalendar: "gregory" });
        }
        if (forServer) {
            // A value for the server: in ASCII digits, whatever digits dates are shown with.
            return super.toFormat.call(date, format, { ...options, numberingSystem: "latn" });
        }
        return super.toFormat.call(date, format, options);
    },
});

if (isJalali()) {
    // Every DateTime created from now on writes its dates in the Solar Hijri calendar.
    Settings.defaultOutputCalendar = "persian";
}
