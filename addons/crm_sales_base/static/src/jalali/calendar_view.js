/**
 * The calendar view in Solar Hijri for the users who read dates in that calendar (issue 19):
 * its titles name the Solar Hijri months and years of the days shown, its day numbers are
 * Solar Hijri days (the month grid writes the month's name on its first day), and the date
 * picker of its side panel is the Solar Hijri one (./datetime_picker.js).
 *
 * The periods the view shows stay the stock ones: the month scale shows a Gregorian month
 * (1 to 31 December: 10 Azar to 10 Dey), the year scale a Gregorian year. Their titles name
 * the Solar Hijri months (years) they span, "آذر – دی ۱۴۰۵", rather than a Gregorian name
 * the reader does not count in. Weeks are the same in both calendars.
 */
import { patch } from "@web/core/utils/patch";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { CalendarCommonRenderer } from "@web/views/calendar/calendar_common/calendar_common_renderer";
import { formatJalali, isJalali, jalaliParts } from "./dates";

const { DateTime } = luxon;

/** "آذر ۱۴۰۵", "آذر – دی ۱۴۰۵" or "اسفند ۱۴۰۴ – فروردین ۱۴۰۵": the Solar Hijri months of
 * the days ``start`` to ``end``. */
export function jalaliMonthsTitle(start, end) {
    const first = jalaliParts(start);
    const last = jalaliParts(end);
    if (first.year !== last.year) {
        return `${formatJalali(start, "LLLL yyyy")} – ${formatJalali(end, "LLLL yyyy")}`;
    }
    if (first.month !== last.month) {
        return `${formatJalali(start, "LLLL")} – ${formatJalali(end, "LLLL yyyy")}`;
    }
    return formatJalali(start, "LLLL yyyy");
}

patch(CalendarController.prototype, {
    get currentDate() {
        if (!isJalali() || !this.env.isSmall || !["week", "month"].includes(this.model.meta.scale)) {
            return super.currentDate;
        }
        const scale = this.model.meta.scale === "week" ? "week" : "month";
        return ` - ${jalaliMonthsTitle(this.date.startOf(scale), this.date.endOf(scale))}`;
    },

    get today() {
        return isJalali() ? formatJalali(DateTime.now(), "d") : super.today;
    },

    get currentYear() {
        if (!isJalali()) {
            return super.currentYear;
        }
        const start = this.date.startOf("year");
        const end = this.date.endOf("year");
        return `${formatJalali(start, "yyyy")} – ${formatJalali(end, "yyyy")}`;
    },

    get dayHeader() {
        return isJalali() ? formatJalali(this.date, "d MMMM yyyy") : super.dayHeader;
    },

    get weekHeader() {
        if (!isJalali()) {
            return super.weekHeader;
        }
        return jalaliMonthsTitle(this.model.rangeStart, this.model.rangeEnd);
    },

    get currentMonth() {
        if (!isJalali()) {
            return super.currentMonth;
        }
        return jalaliMonthsTitle(this.date.startOf("month"), this.date.endOf("month"));
    },
});

patch(CalendarCommonRenderer.prototype, {
    get options() {
        const options = super.options;
        if (isJalali()) {
            options.dayCellContent = (arg) => this.jalaliDayCell(arg);
        }
        return options;
    },

    /** The day number of a cell of the month grid: its Solar Hijri day, with the month's
     * name on the first. */
    jalaliDayCell({ date, dayNumberText }) {
        if (this.props.model.scale !== "month") {
            return dayNumberText;
        }
        // The cell's day is the browser's local day of the date FullCalendar gives.
        const day = DateTime.fromObject({
            year: date.getFullYear(),
            month: date.getMonth() + 1,
            day: date.getDate(),
        });
        return formatJalali(day, jalaliParts(day).day === 1 ? "d MMMM" : "d");
    },

    headerTemplateProps(date) {
        const props = super.headerTemplateProps(date);
        if (isJalali() && props.scale !== "month") {
            props.day = formatJalali(DateTime.fromJSDate(date), "d");
        }
        return props;
    },
});
