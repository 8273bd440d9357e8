from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import SmsCase


@tagged("post_install", "-at_install")
class TestSmsDates(SmsCase):
    """{date} and {quotation_date} are days of the company's calendar, in its timezone."""

    def new_contact(self, name, tier):
        return self.env["res.partner"].create(
            {"name": name, "mobile": "09351112233", "user_id": self.agent_a1.id, "tier": tier,
             "lang": "en_US"})  # the texts written below are the English ones

    def test_dates_of_the_call_and_the_quotation_in_the_company_calendar(self):
        self.company.write({"sales_panel_timezone": "Asia/Tehran", "sales_panel_calendar": "jalali"})
        self.kinds["gold"].body = "{name}: {date}"
        self.kinds["quotation_sent"].body = "{quotation} of {quotation_date}, called {date}"
        product = self.env["product.product"].create({"name": "Coil", "list_price": 1_000})
        # 22:00 UTC on 30 November is 01:30 on 1 December in Tehran: 10 Azar 1405.
        with freeze_time("2026-11-30 22:00:00"):
            gold = self.make_call(self.new_contact("Gold", "gold"))
            customer = self.new_contact("Quoted", "bronze")
            quotation = self.env["sale.order"].create({
                "partner_id": customer.id, "user_id": self.agent_a1.id,
                "order_line": [Command.create({"product_id": product.id})]})
            quotation.action_quotation_sent()
            quoted = self.make_call(customer)
        self.assertEqual(self.record_of(gold).body, "Gold: 1405/09/10")
        self.assertEqual(self.record_of(quoted).body, f"{quotation.name} of 1405/09/10, called 1405/09/10")
        # A Gregorian company writes the same day as 2026-12-01.
        self.company.sales_panel_calendar = "gregorian"
        with freeze_time("2026-11-30 22:00:00"):
            other = self.make_call(self.new_contact("Gold too", "gold"))
        self.assertEqual(self.record_of(other).body, "Gold too: 2026-12-01")
