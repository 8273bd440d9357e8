from odoo.tests import HttpCase, tagged

from .common import AlertCase


@tagged("post_install", "-at_install")
class TestNewQuotation(HttpCase, AlertCase):
    """F11: "New quotation" on the agent's home, in Persian, makes a quotation of theirs."""

    def test_agent_makes_a_quotation_from_the_home(self):
        self.agent_a1.lang = "fa_IR"
        Order = self.env["sale.order"]
        before = Order.search([("user_id", "=", self.agent_a1.id)])
        self.start_tour("/odoo", "crm_alerts_new_quotation", login=self.agent_a1.login)
        made = Order.search([("user_id", "=", self.agent_a1.id)]) - before
        self.assertEqual(len(made), 1)
        self.assertEqual((made.partner_id, made.state), (self.customer_a1, "draft"))
