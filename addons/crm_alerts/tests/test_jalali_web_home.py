"""The agent home in the Solar Hijri calendar (issue 19): the days the server sends are
shown as the user reads dates, compared in the browser with the server's conversion; in
Persian digits for a Persian reader of a company showing them."""

import datetime
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.lib import calendar
from odoo.addons.crm_sales_base.tests.common import TEHRAN, TehranBrowserMixin

from .common import AlertCase

PERSIAN = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")

# Reads what the home shows of the figures ``expected`` names.
READ_HOME = """
const expected = __EXPECTED__;
const read = {
    today: () => Object.fromEntries([...document.querySelectorAll(".o_sales_panel_today [data-figure]")]
        .map((card) => [card.dataset.figure, card.querySelector(".fs-3").textContent.trim()])),
    month: () => document.querySelector(".o_sales_panel_targets [data-period='month'] .card-header .text-muted")
        .textContent.trim(),
    overdue: () => [...document.querySelectorAll(".o_sales_panel_home_overdue .list-group-item .text-danger")]
        .map((cell) => cell.textContent.trim()),
};
const shown = Object.fromEntries(Object.keys(expected).map((key) => [key, read[key]()]));
if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    console.error("The home shows " + JSON.stringify(shown) + ", expected " + JSON.stringify(expected));
} else {
    console.log("test successful");
}
"""


@tagged("post_install", "-at_install")
class TestJalaliHome(TehranBrowserMixin, HttpCase, AlertCase):
    def home_with_overdue_task(self):
        """The home of the Persian agent, who has a task of 30 Esfand 1403 (a day of a leap
        year), long overdue, as the server sends it."""
        self.env.company.sales_panel_calendar = "jalali"
        self.agent_a1.write({"lang": "fa_IR", "tz": TEHRAN})
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": self.customer_a1.id,
            "user_id": self.agent_a1.id, "summary": "Call back",
            "date_deadline": datetime.date(2025, 3, 20)})
        return self.env["res.users"].with_user(self.agent_a1).sales_panel_home()

    def read_home(self, home, digits):
        """The home, as the browser shows it, against the server's figures."""
        month = home["targets"]["month"]

        def jalali(day):
            return calendar.format_date(datetime.date.fromisoformat(day), "jalali", digits=digits)

        expected = {
            "month": f"{jalali(month['date_from'])} → {jalali(month['date_to'])}",
            "overdue": [jalali(row["date"]) for row in home["overdue"]["rows"]],
        }
        if digits == "persian":
            expected["today"] = {key: str(home["today"][key]).translate(PERSIAN)
                                 for key in ("incoming", "outgoing", "missed", "successful")} | {
                key: f"{home['today'][key]:,.1f}".translate(PERSIAN) for key in ("talk_minutes", "avg_talk_minutes")}
        self.browser_js("/odoo", READ_HOME.replace("__EXPECTED__", json.dumps(expected, ensure_ascii=False)),
                        ready="!!document.querySelector('.o_sales_panel_home .o_sales_panel_targets')",
                        login="t_agent_a1")
        return expected

    def test_home_days_in_solar_hijri(self):
        expected = self.read_home(self.home_with_overdue_task(), "latin")
        self.assertIn("1403/12/30", expected["overdue"])

    def test_home_in_persian_digits(self):
        """A company showing Persian digits: the day's figures, the target's period and the
        overdue days in Persian digits."""
        self.env.company.sales_panel_persian_digits = True
        expected = self.read_home(self.home_with_overdue_task(), "persian")
        self.assertIn("۱۴۰۳/۱۲/۳۰", expected["overdue"])
