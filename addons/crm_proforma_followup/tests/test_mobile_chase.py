from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import PhoneTourMixin

from .common import FollowupCase

# Tens of billions of rials: the amounts the cards and the lists must show whole.
BIG = 99_999_999_999
LARGE = 15_020_000_000


class ChaseCase(FollowupCase):
    """A1's quotations in the tens of billions, each with its next task; a gold company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a1.pbx_extension = "101"  # may call: the cards show the call button
        cls.company_a1.write({"tier": "gold", "phone": "+98 21 8888 0000"})
        cls.employee_a1.write({"phone": "+98 912 123 4567", "user_id": cls.agent_a1.id})
        cls.big = cls.chase_quotation("MOB-BIG", cls.employee_a1, BIG)
        cls.large = cls.chase_quotation("MOB-LARGE", cls.customer_a1, LARGE)

    @classmethod
    def chase_quotation(cls, name, partner, amount, task=True):
        order = cls.env["sale.order"].create({
            "name": name, "partner_id": partner.id, "user_id": cls.agent_a1.id,
            "order_line": [Command.create({"product_id": cls.product.id, "price_unit": amount,
                                           "tax_id": [Command.clear()]})]})
        if task:
            order.activity_schedule("mail.mail_activity_data_todo", user_id=cls.agent_a1.id,
                                    date_deadline=fields.Date.today())
        return order


@tagged("post_install", "-at_install")
class TestMobileChase(PhoneTourMixin, HttpCase, ChaseCase):
    """F3 and F6 at a phone's width (the Odoo mobile app shows the web client)."""

    def test_chase_cards_open_a_quotation_and_log_a_followup(self):
        self.start_tour("/odoo/action-crm_proforma_followup.action_chase_list",
                        "crm_proforma_followup_mobile_chase", login="t_agent_a1")
        followup = self.big.followup_ids
        self.assertEqual(followup.mapped("note"), ["Called from the car: they sign on Saturday"])
        self.assertEqual((followup.user_id, self.big.followup_count), (self.agent_a1, 1))

    def test_blocking_notice_at_phone_width(self):
        blocking = self.chase_quotation("TG-MOBILE", self.customer_a1, LARGE, task=False)
        blocking.flush_recordset()
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = create_date - interval '1 hour' WHERE id = %s", [blocking.id])
        blocking.invalidate_recordset(["create_date"])
        self.env.company.sales_panel_blocked_group_ids = self.env.ref("crm_sales_base.group_agent")
        self.start_tour("/odoo", "crm_proforma_followup_mobile_task_guard", login="t_agent_a1")
        self.assertEqual(blocking.activity_ids.summary, "Call back from the road")


@tagged("post_install", "-at_install")
class TestQuotationListAmounts(HttpCase, ChaseCase):
    """Issue 19: amounts in the tens of billions fit the quotation list on a desk."""

    def test_quotation_list_amounts_are_not_cut(self):
        self.start_tour("/odoo/action-sale.action_quotations_with_onboarding",
                        "crm_proforma_followup_amount_columns", login="t_agent_a1")
