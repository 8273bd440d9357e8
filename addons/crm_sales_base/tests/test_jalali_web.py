"""Dates of the web client in the Solar Hijri calendar (issue 19), read in a real browser:
what the quotation list shows against the server's conversion, the date picker, Jalali
dates typed in Persian or Latin digits and stored as Gregorian, the chatter, and a
Gregorian user who still sees Gregorian dates."""

import datetime
import json

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib import calendar

from .common import QUOTATIONS, TEHRAN, TehranBrowserMixin, jalali_text, local_time

# Creation times (naive UTC) given to demo quotations: each a day the conversion can get
# wrong: the timezone moves 20:40 UTC to Nowruz 1404, 30 Esfand of the leap year 1403, the
# last day of the common year 1402, 1 December 2026 (10 Azar 1405) a few minutes after
# midnight in Tehran, the last day of Azar and the first of Dey.
CREATED = (
    datetime.datetime(2025, 3, 20, 20, 40),
    datetime.datetime(2025, 3, 20, 8, 0),
    datetime.datetime(2024, 3, 19, 10, 0),
    datetime.datetime(2026, 11, 30, 21, 0),
    datetime.datetime(2026, 12, 21, 12, 0),
    datetime.datetime(2026, 12, 21, 20, 31, 5),
)

# What the browser must run when it reads the list: each quotation's creation date as
# shown, against the expected text.
READ_LIST = """
const expected = __EXPECTED__;
const shown = {};
for (const row of document.querySelectorAll(".o_list_view .o_data_row")) {
    const name = row.querySelector("td[name='name']").textContent.trim();
    if (name in expected) {
        shown[name] = row.querySelector("td[name='create_date']").textContent.trim();
    }
}
if (JSON.stringify(shown, Object.keys(expected).sort()) !==
        JSON.stringify(expected, Object.keys(expected).sort())) {
    console.error("The list shows " + JSON.stringify(shown) + ", expected " + JSON.stringify(expected));
} else {
    console.log("test successful");
}
"""
# The same from the kanban cards (date of the quotation, written beside its number).
READ_KANBAN = """
const expected = __EXPECTED__;
const cards = [...document.querySelectorAll(".o_kanban_record")].map((card) => card.textContent);
const wrong = Object.entries(expected).filter(
    ([name, date]) => !cards.some((text) => text.includes(name) && text.includes(date))
);
if (wrong.length) {
    console.error("Cards without their Solar Hijri date: " + JSON.stringify(wrong) + " in " + JSON.stringify(cards));
} else {
    console.log("test successful");
}
"""
KANBAN_READY = "document.querySelectorAll('.o_kanban_record').length > 0"
LIST_READY = "document.querySelectorAll('.o_list_view .o_data_row td[name=create_date]').length > 0"


@tagged("post_install", "-at_install")
class TestJalaliWeb(TehranBrowserMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env.ref("crm_sales_base.user_manager")
        # Dates read in Latin digits here (the demo company shows Persian digits to Persian
        # readers): Persian digits are test_digits_web.py's.
        cls.manager.write({"lang": "fa_IR", "tz": TEHRAN, "sales_panel_date_calendar": "auto",
                           "sales_panel_digits": "latin"})
        cls.quotations = cls.env["sale.order"].browse(
            cls.env.ref(f"crm_sales_base.order_{index:03d}").id for index in range(1, len(CREATED) + 1)
        )
        for order, created in zip(cls.quotations, CREATED, strict=True):
            # create_date is written by the ORM only at creation: the demo quotations are
            # given known creation times in the database.
            cls.env.cr.execute(SQL("UPDATE sale_order SET create_date = %s WHERE id = %s",
                                   created, order.id))
        cls.quotations.invalidate_recordset(["create_date"])
        for order, created in zip(cls.quotations, CREATED, strict=True):
            order.date_order = created
        # Under the manager's name, for the list's default filter "My Quotations".
        cls.quotations.user_id = cls.manager
        cls.order = cls.quotations[0]
        cls.order.validity_date = datetime.date(2026, 12, 1)

    def test_reference(self):
        """The reference conversion itself, on days known from the Iranian calendar."""
        self.assertEqual(jalali_text(datetime.datetime(2026, 11, 30, 21, 0), TEHRAN),
                         "1405/09/10 00:30:00")
        self.assertEqual(jalali_text(datetime.datetime(2025, 3, 20, 20, 40), TEHRAN),
                         "1404/01/01 00:10:00")
        self.assertEqual(jalali_text(datetime.datetime(2025, 3, 20, 8, 0), TEHRAN),
                         "1403/12/30 11:30:00")

    def test_quotation_list_shows_jalali(self):
        """A Persian user reads the quotations' creation dates in Solar Hijri, as the server
        converts them."""
        self.assertEqual(self.manager._sales_panel_display_calendar(), "jalali")
        expected = {order.name: jalali_text(order.create_date, TEHRAN) for order in self.quotations}
        self.browser_js(QUOTATIONS, READ_LIST.replace("__EXPECTED__", json.dumps(expected)), ready=LIST_READY,
                        login="sp_manager")

    def test_kanban_shows_jalali(self):
        """The quotations' cards show their dates in Solar Hijri."""
        expected = {order.name: jalali_text(order.date_order, TEHRAN) for order in self.quotations}
        self.browser_js(f"{QUOTATIONS}?view_type=kanban",
                        READ_KANBAN.replace("__EXPECTED__", json.dumps(expected)),
                        ready=KANBAN_READY, login="sp_manager")

    def test_preference_gregorian(self):
        """The same Persian user who prefers the Gregorian calendar reads Gregorian dates."""
        self.manager.sales_panel_date_calendar = "gregorian"
        expected = {
            order.name: local_time(order.create_date, TEHRAN).strftime("%Y/%m/%d %H:%M:%S")
            for order in self.quotations
        }
        self.browser_js(QUOTATIONS, READ_LIST.replace("__EXPECTED__", json.dumps(expected)), ready=LIST_READY,
                        login="sp_manager")

    def test_gregorian_user(self):
        """An English user of a Gregorian company sees Gregorian dates and a Gregorian
        picker."""
        company = self.quotations.company_id  # the demo company
        company.sales_panel_calendar = "gregorian"
        self.env["res.lang"]._activate_lang("en_US")
        user = new_test_user(self.env, login="t_gregorian", lang="en_US", tz=TEHRAN,
                             groups="sales_team.group_sale_manager", company_id=company.id,
                             company_ids=[Command.set(company.ids)])
        self.assertEqual(user._sales_panel_display_calendar(), "gregorian")
        self.quotations.user_id = user
        expected = {
            order.name: local_time(order.create_date, TEHRAN).strftime("%m/%d/%Y %H:%M:%S")
            for order in self.quotations
        }
        self.browser_js(QUOTATIONS, READ_LIST.replace("__EXPECTED__", json.dumps(expected)),
                        ready=LIST_READY, login="t_gregorian")
        self.start_tour(f"{QUOTATIONS}/{self.order.id}", "crm_sales_base_gregorian_picker",
                        login="t_gregorian")

    def test_picker(self):
        """The picker shows Solar Hijri months with Persian names; a day picked in it is
        stored as its Gregorian date."""
        self.start_tour(f"{QUOTATIONS}/{self.order.id}", "crm_sales_base_jalali_picker",
                        login="sp_manager")
        self.assertEqual(self.order.validity_date, datetime.date(2026, 12, 22))  # 1 Dey 1405

    def test_typed_dates(self):
        """Jalali dates typed in Persian or Latin digits are stored Gregorian (UTC for a
        datetime)."""
        self.start_tour(f"{QUOTATIONS}/{self.order.id}", "crm_sales_base_jalali_typed",
                        login="sp_manager")
        self.assertEqual(self.order.validity_date, datetime.date(2025, 3, 20))  # 1403/12/30
        # 1405/09/10 14:30 in Tehran (UTC+03:30).
        self.assertEqual(self.order.commitment_date, datetime.datetime(2026, 12, 1, 11, 0))

    def test_invalid_typed_date(self):
        """A day the Solar Hijri calendar does not have is refused, the last date typed
        kept."""
        self.start_tour(f"{QUOTATIONS}/{self.order.id}", "crm_sales_base_jalali_invalid",
                        login="sp_manager")
        self.assertEqual(self.order.validity_date, datetime.date(2026, 12, 2))  # 1405/09/11

    def test_chatter(self):
        """The chatter's days are Solar Hijri days."""
        self.order.message_post(body="Called the customer")
        message = self.order.message_ids[0]
        message.date = datetime.datetime(2026, 11, 20, 8, 0)  # 29 Aban 1405
        self.start_tour(f"{QUOTATIONS}/{self.order.id}", "crm_sales_base_jalali_chatter",
                        login="sp_manager")

    def test_formats_and_parses(self):
        """Shown in Solar Hijri, sent to the server in Gregorian; typed Jalali dates read in
        Persian or Latin digits, Gregorian ones still understood, a missing day refused."""
        code = """
const dates = odoo.loader.modules.get("@web/core/l10n/dates");
const errors = [];
const check = (label, value, expected) => {
    if (value !== expected) {
        errors.push(`${label}: ${value} instead of ${expected}`);
    }
};
const day = dates.deserializeDate("2026-12-01");
const moment = dates.deserializeDateTime("2026-12-01 11:00:00");
check("date shown", dates.formatDate(day), "1405/09/10");
check("datetime shown", dates.formatDateTime(moment), "1405/09/10 14:30:00");
check("date sent", dates.serializeDate(day), "2026-12-01");
check("datetime sent", dates.serializeDateTime(moment), "2026-12-01 11:00:00");
check("Persian digits", dates.serializeDate(dates.parseDate("۱۴۰۵/۰۹/۱۰")), "2026-12-01");
check("no leading zeros", dates.serializeDate(dates.parseDate("1405/9/10")), "2026-12-01");
check("no separators", dates.serializeDate(dates.parseDate("14050910")), "2026-12-01");
check("30 Esfand of a leap year", dates.serializeDate(dates.parseDate("1403/12/30")), "2025-03-20");
check("31 Ordibehesht", dates.serializeDate(dates.parseDate("1405/02/31")), "2026-05-21");
check("Gregorian typed", dates.serializeDate(dates.parseDate("2026/12/01")), "2026-12-01");
check("datetime typed", dates.serializeDateTime(dates.parseDateTime("1405/09/10 14:30:00")),
      "2026-12-01 11:00:00");
for (const missing of ["1404/12/30", "1405/07/31", "1405/13/01"]) {
    try {
        dates.parseDate(missing);
        errors.push(`${missing} accepted`);
    } catch (error) {
        check(`${missing} refused`, error.name, "ConversionError");
    }
}
// Luxon's Gregorian periods (stock search filters) keep their Gregorian names.
check("Gregorian month of a filter", day.toFormat("yyyy"), "2026");
if (errors.length) {
    console.error(errors.join("; "));
} else {
    console.log("test successful");
}
"""
        self.browser_js("/odoo", code, ready="odoo.isReady === true",
                        login="sp_manager")

    def test_conversion_matches_server(self):
        """The browser's conversion (static/src/jalali/calendar.js) is the server's, on every
        day of 1402-1406 and on every year end of 1300-1500."""
        days = [datetime.date(2023, 3, 1) + datetime.timedelta(days=n) for n in range(5 * 366)]
        for year in range(1300, 1501):
            start = calendar.from_jalali(year, 1, 1)
            days += [start - datetime.timedelta(days=1), start]
        cases = [[d.year, d.month, d.day, *calendar.to_jalali(d)] for d in days]
        invalid = [[1404, 12, 30], [1403, 7, 31], [1405, 13, 1], [1405, 0, 1], [1405, 1, 0]]
        code = """
const { toJalali, fromJalali } = odoo.loader.modules.get("@crm_sales_base/jalali/calendar");
const errors = [];
for (const [gy, gm, gd, jy, jm, jd] of __CASES__) {
    const j = toJalali(gy, gm, gd);
    const g = fromJalali(jy, jm, jd);
    if (j.year !== jy || j.month !== jm || j.day !== jd || !g ||
            g.year !== gy || g.month !== gm || g.day !== gd) {
        errors.push([gy, gm, gd, jy, jm, jd, j, g]);
    }
}
for (const [jy, jm, jd] of __INVALID__) {
    if (fromJalali(jy, jm, jd) !== null) {
        errors.push(["accepted", jy, jm, jd]);
    }
}
if (errors.length) {
    console.error("Conversions differ: " + JSON.stringify(errors.slice(0, 5)));
} else {
    console.log("test successful");
}
""".replace("__CASES__", json.dumps(cases)).replace("__INVALID__", json.dumps(invalid))
        self.browser_js("/odoo", code, ready="odoo.isReady === true",
                        login="sp_manager")


@tagged("post_install", "-at_install")
class TestJalaliWebPhone(TehranBrowserMixin, HttpCase):
    """The picker at a phone's width (375 px, touch)."""

    browser_size = "375x667"
    touch_enabled = True

    def test_picker_on_phone(self):
        manager = self.env.ref("crm_sales_base.user_manager")
        manager.write({"lang": "fa_IR", "tz": TEHRAN, "sales_panel_date_calendar": "jalali",
                       "sales_panel_digits": "latin"})
        order = self.env.ref("crm_sales_base.order_001")
        order.validity_date = datetime.date(2026, 12, 1)
        self.start_tour(f"{QUOTATIONS}/{order.id}", "crm_sales_base_jalali_picker", login="sp_manager")
        self.assertEqual(order.validity_date, datetime.date(2026, 12, 22))
