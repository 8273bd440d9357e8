"""Persian digits in the web client (issue 19), read in a real browser: the quotation
list's amounts and dates of a Persian reader of the demo company (whose setting is on), the
same reader with the setting off or preferring Latin digits, a number typed with Persian
digits stored as that number, the formatters and parsers themselves, and a phone's width."""

import datetime
import json

import pytz

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..lib import calendar
from .common import QUOTATIONS, TEHRAN, PhoneTourMixin, TehranBrowserMixin, jalali_text, local_time

PERSIAN = str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬")
AMOUNT = 1_502_000

# What the browser must run when it reads the list: the quotation's amount and creation
# date as shown, against the expected texts.
READ_ROW = """
const expected = __EXPECTED__;
const row = [...document.querySelectorAll(".o_list_view .o_data_row")].find(
    (tr) => tr.querySelector("td[name='name']").textContent.trim() === expected.name
);
const amount = row && row.querySelector("td[name='amount_total']").textContent.trim();
const created = row && row.querySelector("td[name='create_date']").textContent.trim();
if (!row || !amount.includes(expected.amount) || created !== expected.created) {
    console.error(`The list shows ${amount} / ${created}, expected ${expected.amount} / ${expected.created}`);
} else if (expected.persian && /[0-9]/.test(amount + created)) {
    console.error(`Latin digits left in ${amount} / ${created}`);
} else {
    console.log("test successful");
}
"""
LIST_READY = "document.querySelectorAll('.o_list_view .o_data_row td[name=amount_total]').length > 0"


# Reads the calendar view: its title and the day number of the first day of the month.
READ_CALENDAR = """
const expected = __EXPECTED__;
const title = document.querySelector(".o_calendar_header h5").textContent.trim();
const cell = document.querySelector(`.fc-daygrid-day[data-date='${expected.first}'] .fc-daygrid-day-number`);
const day = cell && cell.textContent.trim();
if (title !== expected.title || day !== expected.day) {
    console.error(`The calendar shows "${title}" and "${day}", expected "${expected.title}" and "${expected.day}"`);
} else {
    console.log("test successful");
}
"""
CALENDAR_READY = "document.querySelectorAll('.fc-daygrid-day-number').length > 0"
# Opens the quotation in a list grouped by month of creation, reads the group's label.
READ_GROUP = """
(async () => {
    const expected = __EXPECTED__;
    await odoo.__WOWL_DEBUG__.root.env.services.action.doAction({
        type: "ir.actions.act_window", res_model: "sale.order", views: [[false, "list"]],
        domain: [["id", "=", expected.id]], context: { group_by: [expected.groupBy] },
    });
    let group;
    for (let i = 0; i < 200 && !(group = document.querySelector(".o_group_header .o_group_name")); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const label = group && group.textContent.replace(/\\s*\\(\\S+\\)\\s*$/, "").trim();
    if (label !== expected.label) {
        console.error(`The group is named "${label}", expected "${expected.label}"`);
    } else {
        console.log("test successful");
    }
})();
"""


def persian(text):
    return text.translate(PERSIAN)


def jalali_months_title(first, last):
    """The reference title of the days ``first`` to ``last``: the Solar Hijri months they
    span, in Persian with Persian digits ("آذر – دی ۱۴۰۵")."""
    (first_year, first_month, _d), (last_year, last_month, _d2) = calendar.to_jalali(first), calendar.to_jalali(last)
    name = lambda month: calendar.month_name(month, "jalali", "fa")  # noqa: E731
    if first_year != last_year:
        title = f"{name(first_month)} {first_year} – {name(last_month)} {last_year}"
    elif first_month != last_month:
        title = f"{name(first_month)} – {name(last_month)} {last_year}"
    else:
        title = f"{name(first_month)} {first_year}"
    return persian(title)


def month_of(day):
    """First and last days of the Gregorian month of ``day``."""
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


class DigitsCase(TehranBrowserMixin, HttpCase):
    """A company showing Persian digits (as the demo company), in rials, and its Persian
    reading sales manager with a quotation of 1,502,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        irr = cls.env.ref("base.IRR")
        irr.write({"active": True, "rounding": 1.0})
        cls.company = cls.env["res.company"].create({
            "name": "Digits", "currency_id": irr.id, "sales_panel_calendar": "jalali",
            "sales_panel_persian_digits": True,
        })
        cls.manager = new_test_user(
            cls.env, login="t_digits", lang="fa_IR", tz=TEHRAN, groups="sales_team.group_sale_manager",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)])
        product = cls.env["product.product"].create({"name": "Supply", "list_price": AMOUNT})
        cls.order = cls.env["sale.order"].with_company(cls.company).create({
            "partner_id": cls.env["res.partner"].create({"name": "Customer"}).id,
            "company_id": cls.company.id,
            "user_id": cls.manager.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                           "price_unit": AMOUNT, "tax_id": [Command.clear()]})],
        })


@tagged("post_install", "-at_install")
class TestDigitsWeb(DigitsCase):
    def read_row(self, persian_digits):
        created = jalali_text(self.order.create_date, TEHRAN)
        expected = {
            "name": self.order.name,
            "amount": persian(f"{AMOUNT:,}") if persian_digits else f"{AMOUNT:,}",
            "created": persian(created) if persian_digits else created,
            "persian": persian_digits,
        }
        self.browser_js(QUOTATIONS, READ_ROW.replace("__EXPECTED__", json.dumps(expected)),
                        ready=LIST_READY, login="t_digits")

    def test_session(self):
        """The setting of the company (Settings → Sales Panel), for Persian readers, unless
        they choose otherwise; the web client gets it in its session."""
        self.authenticate("t_digits", "t_digits")
        self.assertIs(self.make_jsonrpc_request("/web/session/get_session_info")["sales_panel_persian_digits"], True)
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertTrue(settings.sales_panel_persian_digits)
        settings.sales_panel_persian_digits = False
        settings.execute()
        self.assertFalse(self.company.sales_panel_persian_digits)
        self.assertIs(self.make_jsonrpc_request("/web/session/get_session_info")["sales_panel_persian_digits"], False)
        self.company.sales_panel_persian_digits = True
        self.assertTrue(self.manager._sales_panel_persian_digits())
        self.assertFalse(self.manager.with_context(lang="en_US")._sales_panel_persian_digits())
        self.manager.sales_panel_digits = "latin"
        self.assertFalse(self.manager._sales_panel_persian_digits())
        self.company.sales_panel_persian_digits = False
        self.manager.sales_panel_digits = "persian"
        self.assertTrue(self.manager._sales_panel_persian_digits())
        self.manager.sales_panel_digits = "auto"
        self.assertFalse(self.manager._sales_panel_persian_digits())

    def test_list_persian(self):
        """A Persian reader of a company showing Persian digits reads the amount and the
        (Solar Hijri) date of a quotation in Persian digits: ۱٬۵۰۲٬۰۰۰."""
        self.read_row(persian_digits=True)

    def test_list_setting_off(self):
        """The company's setting off: Latin digits (1,502,000)."""
        self.company.sales_panel_persian_digits = False
        self.read_row(persian_digits=False)

    def test_list_preference_latin(self):
        """A Persian reader who prefers Latin digits reads Latin digits."""
        self.manager.sales_panel_digits = "latin"
        self.read_row(persian_digits=False)

    def test_calendar_view(self):
        """The calendar view (month scale, this month) is titled with the Solar Hijri months
        it shows, and its days are Solar Hijri days, in Persian digits."""
        today = datetime.datetime.now(pytz.timezone(TEHRAN)).date()
        first, last = month_of(today)
        _year, month, day = calendar.to_jalali(first)
        day_text = persian(str(day)) + ("" if day != 1 else " " + calendar.month_name(month, "jalali", "fa"))
        expected = {"title": jalali_months_title(first, last), "first": first.isoformat(), "day": day_text}
        self.browser_js(f"{QUOTATIONS}?view_type=calendar",
                        READ_CALENDAR.replace("__EXPECTED__", json.dumps(expected)),
                        ready=CALENDAR_READY, login="t_digits")

    def test_group_by_month_label(self):
        """Quotations grouped by month of creation: the group (a Gregorian month) is named
        by the Solar Hijri months it spans; by day, the Solar Hijri day."""
        created = local_time(self.order.create_date, TEHRAN).date()
        first, last = month_of(created)
        year, month, day = calendar.to_jalali(created)
        for group_by, label in (
            ("create_date:month", jalali_months_title(first, last)),
            ("create_date:day", persian(f"{day} {calendar.month_name(month, 'jalali', 'fa')} {year}")),
        ):
            with self.subTest(group_by=group_by):
                expected = {"id": self.order.id, "groupBy": group_by, "label": label}
                self.browser_js("/odoo", READ_GROUP.replace("__EXPECTED__", json.dumps(expected)),
                                ready="odoo.isReady === true", login="t_digits")

    def test_typed_persian_quantity(self):
        """A quantity typed with Persian digits and decimal point (۲٫۵) is stored as 2.5,
        and shown again with Persian digits."""
        self.start_tour(f"{QUOTATIONS}/{self.order.id}", "crm_sales_base_digits_typed", login="t_digits")
        self.authenticate("t_digits", "t_digits")
        lines = self.make_jsonrpc_request("/web/dataset/call_kw/sale.order.line/read", {
            "model": "sale.order.line", "method": "read",
            "args": [self.order.order_line.ids, ["product_uom_qty", "price_unit"]], "kwargs": {},
        })
        self.assertEqual([(line["product_uom_qty"], line["price_unit"]) for line in lines], [(2.5, 1_250_000)])

    def test_formatters_and_parsers(self):
        """Odoo's formatters write Persian digits for such a reader; what is computed with or
        sent to the server stays ASCII; the parsers read both digits."""
        code = """
const numbers = odoo.loader.modules.get("@web/core/utils/numbers");
const formatters = odoo.loader.modules.get("@web/views/fields/formatters");
const parsers = odoo.loader.modules.get("@web/views/fields/parsers");
const { registry } = odoo.loader.modules.get("@web/core/registry");
const dates = odoo.loader.modules.get("@web/core/l10n/dates");
const errors = [];
const check = (label, value, expected) => {
    if (value !== expected) {
        errors.push(`${label}: ${JSON.stringify(value)} instead of ${JSON.stringify(expected)}`);
    }
};
check("float", numbers.formatFloat(1502000.5), "۱٬۵۰۲٬۰۰۰٫۵۰");
check("float formatter", registry.category("formatters").get("float")(-1234.5, { digits: [16, 1] }), "-۱٬۲۳۴٫۵");
check("integer", registry.category("formatters").get("integer")(1502000), "۱٬۵۰۲٬۰۰۰");
check("percentage", registry.category("formatters").get("percentage")(0.125), "۱۲٫۵%");
check("float time", registry.category("formatters").get("float_time")(1.5), "۰۱:۳۰");
check("human", /[0-9]/.test(numbers.humanNumber(1502000, { decimals: 1 })), false);
check("for code", numbers.formatFloat(2.5, { decimalPoint: ".", thousandsSep: "" }), "2.50");
check("parse float", parsers.parseFloat("۱٬۵۰۲٬۰۰۰٫۵"), 1502000.5);
check("parse float registry", registry.category("parsers").get("float")("۱۲٫۵"), 12.5);
check("parse Latin", parsers.parseFloat("1,502,000.5"), 1502000.5);
check("parse Arabic-Indic", parsers.parseInteger("١٢٣"), 123);
check("parse monetary", parsers.parseMonetary("۱٬۵۰۲٬۰۰۰ ﷼"), 1502000);
check("parse percentage", parsers.parsePercentage("۱۲٫۵%"), 0.125);
check("parse float time", parsers.parseFloatTime("۰۱:۳۰"), 1.5);
const day = dates.deserializeDate("2026-12-01");
const moment = dates.deserializeDateTime("2026-12-01 11:00:00");
check("date shown", dates.formatDate(day), "۱۴۰۵/۰۹/۱۰");
check("datetime shown", dates.formatDateTime(moment), "۱۴۰۵/۰۹/۱۰ ۱۴:۳۰:۰۰");
check("date sent", dates.serializeDate(day), "2026-12-01");
check("datetime sent", dates.serializeDateTime(moment), "2026-12-01 11:00:00");
check("month key sent", day.toFormat("MM/yyyy"), "12/2026");
check("typed Persian", dates.serializeDate(dates.parseDate("۱۴۰۵/۰۹/۱۰")), "2026-12-01");
check("typed Latin", dates.serializeDate(dates.parseDate("1405/09/10")), "2026-12-01");
check("typed shown", dates.formatDate(dates.parseDate("1405/09/10")), "۱۴۰۵/۰۹/۱۰");
if (errors.length) {
    console.error(errors.join("; "));
} else {
    console.log("test successful");
}
"""
        self.browser_js("/odoo", code, ready="odoo.isReady === true", login="t_digits")


@tagged("post_install", "-at_install")
class TestDigitsWebPhone(PhoneTourMixin, DigitsCase):
    """The quotation list at a phone's width (375 px): Persian digits, nothing off screen."""

    def test_phone_list(self):
        self.start_tour(QUOTATIONS, "crm_sales_base_digits_phone", login="t_digits")
