"""Amounts and numbers of the SMS as the company shows them (issue 19): the {amount} of a
text in tomans when the company shows tomans, the numbers of the SMS lists in the national
format (the phone widget of every other screen of the suite)."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import SmsCase

NBSP = "\u00a0"


@tagged("post_install", "-at_install")
class TestSmsAmounts(SmsCase):
    def test_amount_placeholder_in_rials_or_tomans(self):
        irr = self.env.ref("base.IRR")
        irr.write({"active": True, "rounding": 1.0})
        pricelist = self.env["product.pricelist"].create({"name": "Rials", "currency_id": irr.id})
        product = self.env["product.product"].create({"name": "Steel coil", "list_price": 1.0})

        def body(unit):
            self.company.sales_panel_amount_unit = unit
            partner = self.env["res.partner"].create({
                "name": f"Customer in {unit}", "mobile": "0912 765 4321" if unit == "toman" else "0912 765 4322",
                "user_id": self.agent_a1.id, "tier": "gold", "lang": "en_US"})
            quotation = self.env["sale.order"].create({
                "partner_id": partner.id, "user_id": self.agent_a1.id, "pricelist_id": pricelist.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 45_000_000_005,
                                               "tax_id": False})]})
            quotation.action_quotation_sent()
            self.assertEqual((quotation.currency_id, quotation.amount_total), (irr, 45_000_000_005))
            record = self.record_of(self.make_call(partner))
            self.assertEqual(record.kind, "quotation_sent")
            return record.body

        self.assertIn(f"45,000,000,005{NBSP}{irr.symbol}", body("currency"))
        text = body("toman")
        self.assertIn(f"of 4,500,000,001{NBSP}Toman has been sent", text)
        self.assertNotIn("45,000,000,005", text)


@tagged("post_install", "-at_install")
class TestSmsNumbers(HttpCase, SmsCase):
    def test_sms_lists_show_numbers_in_the_national_format(self):
        self.contact.tier = "gold"  # an SMS goes to them
        record = self.record_of(self.make_call())
        self.assertEqual(record.number, "+989121234567", "stored in E.164")
        self.assertEqual(self.company._sales_panel_format_phone(record.number), "0912 123 4567")
        self.start_tour("/odoo/action-crm_sms_after_call.action_crm_sms_after_call",
                        "crm_sms_after_call_numbers", login="t_agent_a1")
        self.assertTrue(self.sms_of(record), "the stock SMS queue holds it")
        self.start_tour("/odoo/action-sms.sms_sms_action", "crm_sms_after_call_stock_numbers", login="admin")
