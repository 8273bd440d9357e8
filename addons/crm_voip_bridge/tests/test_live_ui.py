"""What the agent sees of live calls, in the browser (issue 16): the screen pop (T3, T13,
F27), the after-call step from the card (T7), click-to-call (T1) and the live journal (T2).
The live-call service's bus notifications are sent as it sends them, committed to the bus
table before the page opens (the web client reads the recent ones when it connects)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.bus.websocket import WebsocketConnectionHandler

from .test_call_card import LiveCallCase

# The page's websocket connects after the web client started: slow on a busy test machine.
TOUR_TIMEOUT = 240


@tagged("post_install", "-at_install")
class TestLiveUi(LiveCallCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo turns the web client's websocket off while tests run; the pop needs it (as
        # bus' own WebsocketCase does): notifications travel the real way, from the bus
        # table through the websocket to the page.
        cls.startClassPatcher(patch.object(WebsocketConnectionHandler, "websocket_allowed", return_value=True))

    def test_tour_pop_known_caller(self):
        """Two calls ring: both cards stacked; the known caller's shows the contact, tier,
        note, company, quotation and last calls; the description written while talking is
        saved; a number's call button says why the call failed (PBX not connected)."""
        self.agent_a1.lang = "en_US"  # the PBX's reason is checked in English
        self.order_a1.name = "SQ-POP-1"
        call = self.make_call(self.agent_a1, self.customer_a1, live_state="talking")
        unknown = self.make_call(self.agent_a1, number="+989351112233")
        self.ring(call)
        self.ring(call, "talking")
        self.ring(unknown)
        self.start_tour("/odoo", "crm_voip_bridge_live_pop", login="t_agent_a1", timeout=TOUR_TIMEOUT)
        self.assertEqual(call.description, "Wants three pumps")
        request = self.env["crm.pbx.originate"].search([("user_id", "=", self.agent_a1.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual((request.res_model, request.res_id, request.extension, request.dial_number, request.state),
                         ("res.partner", self.customer_a1.id, "201", "09121234567", "failed"))
        self.assertTrue(request.reason, "the PBX's reason is shown on the button")

    def test_tour_pop_unknown_number(self):
        """An unknown number: the new contact's form with the number filled, in Persian and
        at a phone's width; the contact created from it takes the call."""
        self.agent_a1.lang = "fa_IR"
        self.browser_size = "390x844"
        call = self.make_call(self.agent_a1, number="+989351112233")
        self.ring(call)
        self.start_tour("/odoo", "crm_voip_bridge_live_unknown", login="t_agent_a1", timeout=TOUR_TIMEOUT)
        contact = self.env["res.partner"].search([("name", "=", "Hooshang Rahimi")])
        self.assertEqual((contact.mobile_e164, contact.user_id), ("+989351112233", self.agent_a1))
        self.assertEqual(call.partner_id, contact)

    def test_tour_after_call_step_not_skipped(self):
        """At hang-up ("ended") the after-call step opens; closing it does not close the
        card; the step recorded, the card may be closed."""
        self.customer_a1.temperature = "normal"
        call = self.make_call(self.agent_a1, self.customer_a1, live_state=False, disposition="answered",
                              talk_seconds=60, ago=timedelta(minutes=1), end_date=fields.Datetime.now())
        call._sales_panel_on_call_ended()
        self.assertTrue(call.next_step_required)
        self.ring(call, "talking")
        self.ring(call, "ended")
        self.start_tour("/odoo", "crm_voip_bridge_live_after_call", login="t_agent_a1", timeout=TOUR_TIMEOUT)
        self.assertEqual((call.next_step, call.after_call_done), ("call", True))

    def test_tour_click_to_call_from_journal(self):
        """At a phone's width, the journal lists the ringing call; its number's call button
        queues the request for the PBX from the agent's own extension."""
        self.server.sudo().state = "connected"
        self.browser_size = "390x844"
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.start_tour("/odoo/action-crm_voip_bridge.crm_call_action?view_type=list", "crm_voip_bridge_live_dial",
                        login="t_agent_a1", timeout=TOUR_TIMEOUT)
        request = self.env["crm.pbx.originate"].search([("user_id", "=", self.agent_a1.id)])
        self.assertEqual((request.res_model, request.res_id, request.extension, request.number, request.dial_number,
                          request.state), ("crm.call", call.id, "201", "09121234567", "09121234567", "queued"))

    def test_no_call_button_without_extension(self):
        """Users without an extension get no call button (session info); the server refuses
        them anyway."""
        self.authenticate("t_agent_a2", "t_agent_a2")
        self.assertFalse(self.make_jsonrpc_request("/web/session/get_session_info")["sales_panel_can_dial"])
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertTrue(self.make_jsonrpc_request("/web/session/get_session_info")["sales_panel_can_dial"])
