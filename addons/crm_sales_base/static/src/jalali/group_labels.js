/**
 * Groups of list and kanban views by a date or datetime field (by day, week, month, quarter,
 * year), for the users who read dates in Solar Hijri (issue 19): the server names them in
 * the Gregorian calendar ("December 2026"); they are named here from their range, in Solar
 * Hijri: a day "۱۰ آذر ۱۴۰۵", a week "۸ – ۱۴ آذر ۱۴۰۵", a month or quarter by the Solar
 * Hijri months it spans ("آذر – دی ۱۴۰۵"), a year by its Solar Hijri years.
 *
 * The groups themselves stay the server's Gregorian ones (a Gregorian month runs from the
 * 10th or 11th of one Solar Hijri month to the 9th or 10th of the next): the label says so
 * rather than naming a Solar Hijri month the group does not match. Gregorian readers keep
 * the server's labels.
 */
import { deserializeDate, deserializeDateTime } from "@web/core/l10n/dates";
import { patch } from "@web/core/utils/patch";
import { Group } from "@web/model/relational_model/group";
import { jalaliMonthsTitle } from "./calendar_view";
import { formatJalali, isJalali, jalaliParts } from "./dates";

/** The Solar Hijri name of the days ``first`` to ``last`` (luxon DateTimes). */
export function jalaliRangeLabel(first, last) {
    const days = Math.round(last.startOf("day").diff(first.startOf("day"), "days").days) + 1;
    if (days === 1) {
        return formatJalali(first, "d MMMM yyyy");
    }
    if (days <= 7) {
        const [start, end] = [jalaliParts(first), jalaliParts(last)];
        if (start.year === end.year && start.month === end.month) {
            return `${formatJalali(first, "d")} – ${formatJalali(last, "d MMMM yyyy")}`;
        }
        return `${formatJalali(first, "d MMMM")} – ${formatJalali(last, "d MMMM yyyy")}`;
    }
    if (days > 92) {
        const [start, end] = [formatJalali(first, "yyyy"), formatJalali(last, "yyyy")];
        return start === end ? start : `${start} – ${end}`;
    }
    return jalaliMonthsTitle(first, last);
}

patch(Group.prototype, {
    setup(config, data) {
        super.setup(...arguments);
        const type = this.groupByField?.type;
        if (!isJalali() || !this.range?.from || !this.range?.to || !["date", "datetime"].includes(type)) {
            return;
        }
        const read = type === "date" ? deserializeDate : deserializeDateTime;
        const first = read(this.range.from);
        // The range's end is excluded: its last day is the day before.
        const last = read(this.range.to).minus({ [type === "date" ? "day" : "second"]: 1 });
        this.displayName = jalaliRangeLabel(first, last);
    },
});
