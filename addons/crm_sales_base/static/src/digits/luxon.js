/**
 * Dates and times in Persian digits (issue 19) for the users who read numbers with them:
 * luxon writes every date with the "arabext" numbering system (۱۴۰۵/۰۹/۱۰ ۱۴:۳۰:۰۰) in
 * fields, lists, kanban, the chatter, the calendar view and the suite's components. What is
 * sent to the server stays in ASCII digits (Odoo's serializeDate/serializeDateTime ask for
 * "latn"; ../jalali/dates.js keeps the other server formats so), and typed dates are read in
 * either digits (../jalali/dates.js ``fromFormat``).
 *
 * Odoo's localization service sets luxon's numbering system from the language when it
 * starts ("latn" for Persian): the Persian digits are set after it.
 */
import { localizationService } from "@web/core/l10n/localization_service";
import { patch } from "@web/core/utils/patch";
import { persianDigitsOn } from "./digits";

const { Settings } = luxon;
const PERSIAN_NUMBERING = "arabext";

patch(localizationService, {
    async start() {
        const localization = await super.start(...arguments);
        if (persianDigitsOn()) {
            Settings.defaultNumberingSystem = PERSIAN_NUMBERING;
        }
        return localization;
    },
});
