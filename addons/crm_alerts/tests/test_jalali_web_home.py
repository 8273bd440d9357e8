"""The agent home in the Solar Hijri calendar (issue 19): the days the server sends are
shown as the user reads dates, compared in the browser with the server's conversion."""

import datetime
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.lib import calendar
from odoo.addons.crm_sales_base.tests.test_jalali_web import TEHRAN, TehranBrowserMixin

from .common import AlertCase

READ_HOME = """
const expected = __EXPECTED__;
const shown = {
    month: document.querySelector(".o_sales_panel_targets [data-period='month'] .card-header .text-muted")
        .textContent.trim(),
    overdue: [...document.querySelectorAll(".o_sales_panel_home_overdue .list-group-item .text-danger")]
        .map((cell) => cell.textContent.trim()),
};
if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    console.error("The home shows " + JSON.stringify(shown) + ", expected " + JSON.stringify(expected));
} else {
    console.log("test successful");
}
"""


@tagged("post_install", "-at_install")
class TestJalaliHome(TehranBrowserMixin, HttpCase, AlertCase):
    def test_home_days_in_solar_hijri(self):
        self.env.company.sales_panel_calendar = "jalali"
        self.agent_a1.write({"lang": "fa_IR", "tz": TEHRAN})
        # 30 Esfand 1403, a day of a leap year, long overdue.
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": self.customer_a1.id,
            "user_id": self.agent_a1.id, "summary": "Call back",
            "date_deadline": datetime.date(2025, 3, 20)})
        home = self.env["res.users"].with_user(self.agent_a1).sales_panel_home()
        month = home["targets"]["month"]

        def jalali(day):
            return calendar.format_date(datetime.date.fromisoformat(day), "jalali")

        expected = {
            "month": f"{jalali(month['date_from'])} → {jalali(month['date_to'])}",
            "overdue": [jalali(row["date"]) for row in home["overdue"]["rows"]],
        }
        self.assertIn("1403/12/30", expected["overdue"])
        self.browser_js("/odoo", READ_HOME.replace("__EXPECTED__", json.dumps(expected, ensure_ascii=False)),
                        ready="!!document.querySelector('.o_sales_panel_home .o_sales_panel_targets')",
                        login="t_agent_a1")
