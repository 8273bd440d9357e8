"""Amounts and phone numbers in the browser (issue 19, P4): the quotation lists show amounts in
rials or tomans as the server's formatter writes them, whole in their column at a desktop's
width; the contact list and the call journal show numbers in the national format."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import FollowupCase

NBSP = "\u00a0"


@tagged("post_install", "-at_install")
class TestMoneyLists(HttpCase, FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Rials without decimals, as in the demo company (whose currency they are).
        cls.irr = cls.env.ref("base.IRR")
        cls.irr.write({"active": True, "rounding": 1.0})
        cls.company = cls.env.company
        cls.manager.lang = "fa_IR"
        pricelist = cls.env["product.pricelist"].create({"name": "Rials", "currency_id": cls.irr.id})
        cls.order = cls.quotation(cls, cls.customer_a1, cls.manager, 45_000_000_000, name="MONEY-QUOTE",
                                  pricelist_id=pricelist.id)

    def test_rials_whole_in_the_quotation_list(self):
        self.assertEqual((self.order.currency_id, self.order.amount_total), (self.irr, 45_000_000_000))
        self.assertEqual(self.company.with_context(lang="fa_IR")._sales_panel_format_amount(45_000_000_000, self.irr),
                         f"45,000,000,000{NBSP}﷼")
        self.start_tour("/odoo/action-sale.action_quotations_with_onboarding",
                        "crm_proforma_followup_money_rials", login=self.manager.login)

    def test_tomans_whole_in_the_quotation_list_and_the_chase_list(self):
        self.company.sales_panel_amount_unit = "toman"
        self.assertEqual(self.company.with_context(lang="fa_IR")._sales_panel_format_amount(45_000_000_000, self.irr),
                         f"4,500,000,000{NBSP}تومان")
        self.start_tour("/odoo/action-sale.action_quotations_with_onboarding",
                        "crm_proforma_followup_money_tomans", login=self.manager.login)
        self.assertEqual(self.order.amount_total, 45_000_000_000, "stored in rials")

    def test_phone_numbers_in_the_national_format(self):
        partner = self.env["res.partner"].create({
            "name": "Money phone", "phone": "+989121234567", "user_id": self.manager.id})
        self.env["crm.call"].create({
            "linkedid": "money-phone", "partner_id": partner.id, "user_id": self.manager.id,
            "direction": "incoming", "disposition": "answered", "talk_seconds": 40,
            "number_raw": "+989121234567", "start_date": fields.Datetime.now(), "end_date": fields.Datetime.now()})
        self.assertEqual(self.company._sales_panel_format_phone(partner.phone), "0912 123 4567")
        self.assertEqual(partner.phone, "+989121234567", "stored as it was")
        self.start_tour("/odoo/action-contacts.action_contacts?view_type=list",
                        "crm_proforma_followup_phone_national", login=self.manager.login)
