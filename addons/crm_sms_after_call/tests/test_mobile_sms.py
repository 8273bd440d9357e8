from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import PhoneTourMixin

from .common import SmsCase


@tagged("post_install", "-at_install")
class TestMobileSms(PhoneTourMixin, HttpCase, SmsCase):
    """SMS after calls at a phone's width (the Odoo mobile app shows the web client)."""

    def test_sms_as_cards(self):
        # Two calls' SMS as the gateway left them: one refused, one delivered.
        self.record_of(self.make_call()).sudo().write({"state": "error", "reason": "Gateway refused the number"})
        self.record_of(self.make_call()).sudo().write({"state": "delivered", "reason": False})
        self.start_tour("/odoo/action-crm_sms_after_call.action_crm_sms_after_call",
                        "crm_sms_after_call_mobile", login="t_agent_a1")
