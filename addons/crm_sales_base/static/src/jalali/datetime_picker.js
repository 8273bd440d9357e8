/**
 * The date picker in Solar Hijri months for the users who read dates in that calendar:
 * month grids from 1 Farvardin to 29/30 Esfand, month and year titles ("آذر ۱۴۰۵"), the
 * previous/next buttons and the month, year and decade grids follow Solar Hijri months and
 * years. The items are still Gregorian DateTimes, so what is picked is stored as before.
 */
import { patch } from "@web/core/utils/patch";
import { _t } from "@web/core/l10n/translation";
import { isInRange, today } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import {
    endOfJalaliMonth,
    formatJalali,
    isJalali,
    jalaliParts,
    plusJalaliMonths,
    startOfJalaliMonth,
    startOfJalaliYear,
} from "./dates";

const { Info } = luxon;
const GRID_COUNT = 10;
const GRID_MARGIN = 1;

const numberRange = (min, max) => [...Array(max - min)].map((_, i) => i + min);

/** As the stock picker's items, with the label given. */
const toDateItem = ({ isOutOfRange = false, isValid = true, label, range, extraClass }) => ({
    id: range[0].toISODate(),
    includesToday: isInRange(today(), range),
    isOutOfRange,
    isValid,
    label: String(label),
    range,
    extraClass,
});

const getStartOfWeek = (date) => {
    const { weekStart } = localization;
    return date.set({ weekday: date.weekday < weekStart ? weekStart - 7 : weekStart });
};

/** First day of the Solar Hijri year ``offset`` years after the one of ``date``. */
const yearFrom = (date, offset) => plusJalaliMonths(startOfJalaliYear(date), offset * 12);

const decadeStart = (date) => {
    const { year } = jalaliParts(date);
    return yearFrom(date, Math.floor(year / 10) * 10 - year);
};

const centuryStart = (date) => {
    const { year } = jalaliParts(date);
    return yearFrom(date, Math.floor(year / 100) * 100 - year);
};

const yearOf = (date) => jalaliParts(date).year;

/** The stock precision levels with Solar Hijri months; ``months`` is the step in months. */
export const JALALI_PRECISION_LEVELS = new Map()
    .set("days", {
        mainTitle: _t("Select month"),
        nextTitle: _t("Next month"),
        prevTitle: _t("Previous month"),
        months: 1,
        getTitle: (date, { additionalMonth }) => {
            const titles = [formatJalali(date, "LLLL yyyy")];
            if (additionalMonth) {
                titles.push(formatJalali(plusJalaliMonths(date, 1), "LLLL yyyy"));
            }
            return titles;
        },
        getItems: (
            date,
            { additionalMonth, maxDate, minDate, showWeekNumbers, isDateValid, dayCellClass }
        ) => {
            const startDates = [date];
            if (additionalMonth) {
                startDates.push(plusJalaliMonths(date, 1));
            }
            return startDates.map((date, i) => {
                const monthRange = [startOfJalaliMonth(date), endOfJalaliMonth(date)];
                const weeks = [];
                let startOfNextWeek = getStartOfWeek(monthRange[0]);
                for (let w = 0; w < 6; w++) {
                    const days = [];
                    for (let d = 0; d < 7; d++) {
                        const day = startOfNextWeek.plus({ day: d });
                        const range = [day, day.endOf("day")];
                        days.push(
                            toDateItem({
                                isOutOfRange: !isInRange(day, monthRange),
                                isValid:
                                    isInRange(range, [minDate, maxDate]) && isDateValid?.(day),
                                label: jalaliParts(day).day,
                                range,
                                extraClass: dayCellClass?.(day) || "",
                            })
                        );
                    }
                    startOfNextWeek = startOfNextWeek.plus({ day: 7 });
                    weeks.push({ number: days[3].range[0].weekNumber, days });
                }
                const daysOfWeek = weeks[0].days.map((d) => [
                    d.range[0].weekdayShort,
                    d.range[0].weekdayLong,
                    Info.weekdays("narrow", { locale: d.range[0].locale })[d.range[0].weekday - 1],
                ]);
                if (showWeekNumbers) {
                    daysOfWeek.unshift(["#", _t("Week numbers"), "#"]);
                }
                return {
                    id: `__month__${i}`,
                    number: jalaliParts(monthRange[0]).month,
                    daysOfWeek,
                    weeks,
                };
            });
        },
    })
    .set("months", {
        mainTitle: _t("Select year"),
        nextTitle: _t("Next year"),
        prevTitle: _t("Previous year"),
        months: 12,
        getTitle: (date) => formatJalali(date, "yyyy"),
        getItems: (date, { maxDate, minDate }) => {
            const startOfYear = startOfJalaliYear(date);
            return numberRange(0, 12).map((i) => {
                const startOfMonth = plusJalaliMonths(startOfYear, i);
                const range = [startOfMonth, endOfJalaliMonth(startOfMonth)];
                return toDateItem({
                    isValid: isInRange(range, [minDate, maxDate]),
                    label: formatJalali(startOfMonth, "LLL"),
                    range,
                });
            });
        },
    })
    .set("years", {
        mainTitle: _t("Select decade"),
        nextTitle: _t("Next decade"),
        prevTitle: _t("Previous decade"),
        months: 120,
        getTitle: (date) => `${yearOf(decadeStart(date)) - 1} - ${yearOf(decadeStart(date)) + 10}`,
        getItems: (date, { maxDate, minDate }) => {
            const start = decadeStart(date);
            return numberRange(-GRID_MARGIN, GRID_COUNT + GRID_MARGIN).map((i) => {
                const startOfYear = yearFrom(start, i);
                const range = [startOfYear, yearFrom(startOfYear, 1).minus({ millisecond: 1 })];
                return toDateItem({
                    isOutOfRange: i < 0 || i >= GRID_COUNT,
                    isValid: isInRange(range, [minDate, maxDate]),
                    label: yearOf(startOfYear),
                    range,
                });
            });
        },
    })
    .set("decades", {
        mainTitle: _t("Select century"),
        nextTitle: _t("Next century"),
        prevTitle: _t("Previous century"),
        months: 1200,
        getTitle: (date) =>
            `${yearOf(centuryStart(date)) - 10} - ${yearOf(centuryStart(date)) + 100}`,
        getItems: (date, { maxDate, minDate }) => {
            const start = centuryStart(date);
            return numberRange(-GRID_MARGIN, GRID_COUNT + GRID_MARGIN).map((i) => {
                const startOfDecade = yearFrom(start, i * 10);
                const range = [startOfDecade, yearFrom(startOfDecade, 10).minus({ millisecond: 1 })];
                return toDateItem({
                    label: yearOf(startOfDecade),
                    isOutOfRange: i < 0 || i >= GRID_COUNT,
                    isValid: isInRange(range, [minDate, maxDate]),
                    range,
                });
            });
        },
    });

patch(DateTimePicker.prototype, {
    get activePrecisionLevel() {
        if (!isJalali()) {
            return super.activePrecisionLevel;
        }
        return JALALI_PRECISION_LEVELS.get(this.state.precision);
    },

    adjustFocus(values, focusedDateIndex) {
        if (!isJalali()) {
            return super.adjustFocus(values, focusedDateIndex);
        }
        if (!this.shouldAdjustFocusDate && this.state.focusDate) {
            return;
        }
        let dateToFocus =
            values[focusedDateIndex] || values[focusedDateIndex === 1 ? 0 : 1] || today();
        if (
            this.additionalMonth &&
            focusedDateIndex === 1 &&
            values[0] &&
            values[1] &&
            jalaliParts(values[0]).month !== jalaliParts(values[1]).month
        ) {
            dateToFocus = plusJalaliMonths(dateToFocus, -1);
        }
        this.shouldAdjustFocusDate = false;
        this.state.focusDate = this.clamp(startOfJalaliMonth(dateToFocus));
    },

    next(ev) {
        if (!isJalali()) {
            return super.next(ev);
        }
        ev.preventDefault();
        const { months } = this.activePrecisionLevel;
        this.state.focusDate = this.clamp(plusJalaliMonths(this.state.focusDate, months));
    },

    previous(ev) {
        if (!isJalali()) {
            return super.previous(ev);
        }
        ev.preventDefault();
        const { months } = this.activePrecisionLevel;
        this.state.focusDate = this.clamp(plusJalaliMonths(this.state.focusDate, -months));
    },
});
