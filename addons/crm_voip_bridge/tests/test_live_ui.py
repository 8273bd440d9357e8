"""What the agent sees of live calls, in the browser (issue 16): the screen pop (T3, T13,
F27), the after-call step from the card (T7), click-to-call (T1) and the live journal (T2).
The live-call service's bus notifications are sent as it sends them, committed to the bus
table before the page opens (the web client reads the recent ones when it connects)."""

import functools
import json
import threading
import time
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.bus.models.bus import channel_with_db, hashable
from odoo.addons.bus.websocket import WebsocketConnectionHandler, dispatch
from odoo.addons.crm_sales_base.lib.persian import persian_digits
from odoo.addons.crm_sales_base.tests.common import TEHRAN, TehranBrowserMixin, jalali_text, local_time

from ..lib.live_calls import CallChange
from .test_call_card import LiveCallCase

# The page's websocket connects after the web client started: slow on a busy test machine.
TOUR_TIMEOUT = 240
# Waits for the card of the ringing call (its bus notification) and reads when the
# contact's last call started, against the expected text.
READ_CARD_START = """
(async () => {
    const expected = __EXPECTED__;
    let start;
    for (let i = 0; i < 1200 && !(start = document.querySelector(
            ".o_sales_panel_call_card .o_sales_panel_card_call .o_sales_panel_card_call_start")); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const text = start && start.textContent.trim();
    if (text !== expected) {
        console.error(`The card says the last call started "${text}", expected "${expected}"`);
    } else {
        console.log("test successful");
    }
})();
"""


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
        """At a phone's width, the journal's cards show the ringing call; its number's call button
        queues the request for the PBX from the agent's own extension."""
        self.server.sudo()._sales_panel_set_state("connected")  # as the running service reports it
        self.browser_size = "390x844"
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.start_tour("/odoo/action-crm_voip_bridge.crm_call_action", "crm_voip_bridge_live_dial",
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

    def test_tour_my_missed_calls_update_at_once(self):
        """ "My missed calls" is open while a call rings; the moment the service stores it
        as missed (no agent answered), the list shows it, without the agent reloading the
        page: the service's bus notification reaches the open list, which reloads."""
        Call = self.env["crm.call"]
        start = fields.Datetime.now()
        ringing = CallChange("missed1.1", "ringing", "in", "09351112299", ("201",), "", start)
        told = Call._sales_panel_live_store(self.server, ringing, {"201": self.agent_a1})
        call = Call.search([("linkedid", "=", "missed1.1")])
        self.assertEqual(call.live_state, "ringing")
        # The list's first load, observed (not replaced): the call is missed only once the
        # list is on screen without it, so that only a reload can bring it.
        loaded = threading.Event()
        web_search_read = type(Call).web_search_read
        agent = self.agent_a1.id

        @functools.wraps(web_search_read)  # its API kind for the RPC
        def observed(records, *args, **kwargs):
            result = web_search_read(records, *args, **kwargs)
            if records.env.uid == agent:
                loaded.set()
            return result

        def miss():
            if not loaded.wait(TOUR_TIMEOUT):
                return
            time.sleep(1)  # the first load's answer rendered
            # What the service's writer thread does (one short transaction), through the
            # test's cursor as every request of the tour.
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                last = env["bus.bus"]._bus_last_id()
                env["crm.call"]._sales_panel_live_store(
                    env["crm.pbx.server"].browse(self.server.id),
                    CallChange("missed1.1", "ended", "in", "09351112299", (), "", start,
                               None, fields.Datetime.now(), "no_answer"),
                    {"201": env["res.users"].browse(agent)}, told)
                cr.flush()
                cr.execute(SQL("UPDATE bus_bus SET create_date = %s WHERE id > %s", fields.Datetime.now(), last))
                # A test cursor: its commit releases its savepoint in the test's transaction.
                cr.commit()  # pylint: disable=invalid-commit
            # The commit's NOTIFY does not leave the test's transaction: the websockets
            # listening to the agent are woken as bus' own WebsocketCase does.
            channel = hashable(channel_with_db(self.registry.db_name, self.agent_a1.partner_id))
            for websocket in list(dispatch._channels_to_ws.get(channel, ())):
                websocket.trigger_notification_dispatching()

        thread = threading.Thread(target=miss, name="missed-call")
        with patch.object(type(Call), "web_search_read", observed):
            thread.start()
            try:
                self.start_tour("/odoo/action-crm_voip_bridge.crm_call_action_my_missed",
                                "crm_voip_bridge_live_missed", login="t_agent_a1", timeout=TOUR_TIMEOUT)
            finally:
                loaded.set()
                thread.join()
        self.env.invalidate_all()
        self.assertEqual((call.live_state, call.disposition, call.is_answered), (False, "no_answer", False))

    def test_tour_click_to_call_from_quotation(self):
        """The quotation's customer phone (list and form) has the call button; the request
        remembers the quotation."""
        self.server.sudo()._sales_panel_set_state("connected")  # as the running service reports it
        self.order_a1.name = "SQ-DIAL-1"
        self.start_tour("/odoo/action-sale.action_quotations_with_onboarding", "crm_voip_bridge_quotation_dial",
                        login="t_agent_a1", timeout=TOUR_TIMEOUT)
        request = self.env["crm.pbx.originate"].search([("user_id", "=", self.agent_a1.id)])
        self.assertEqual((request.res_model, request.res_id, request.extension, request.dial_number, request.state),
                         ("sale.order", self.order_a1.id, "201", "09121234567", "queued"))


@tagged("post_install", "-at_install")
class TestLiveCardDates(TehranBrowserMixin, LiveCallCase):
    """When the contact's last call started, on the live call card, as its reader reads
    dates: the browser in Tehran (UTC+03:30), the last call at 21:00 UTC, which is already
    the next day there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The web client's websocket, on as in TestLiveUi: the card opens from the bus.
        cls.startClassPatcher(patch.object(WebsocketConnectionHandler, "websocket_allowed", return_value=True))
        cls.past_call.sudo().start_date = datetime(2026, 11, 30, 21, 0)

    def read_card_start(self, expected):
        call = self.make_call(self.agent_a1, self.customer_a1, live_state="talking")
        self.ring(call, "talking")
        self.browser_js("/odoo", READ_CARD_START.replace("__EXPECTED__", json.dumps(expected)),
                        ready="odoo.isReady === true", login="t_agent_a1", timeout=TOUR_TIMEOUT)

    def test_persian_reader(self):
        """A Persian reader of a company showing Persian digits: the Solar Hijri day in
        Tehran, with Persian digits (۱۴۰۵/۰۹/۱۰ ۰۰:۳۰:۰۰)."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env.company.sales_panel_persian_digits = True
        self.agent_a1.lang = "fa_IR"
        expected = persian_digits(jalali_text(self.past_call.start_date, TEHRAN))
        self.assertEqual(expected, "۱۴۰۵/۰۹/۱۰ ۰۰:۳۰:۰۰")
        self.read_card_start(expected)

    def test_english_reader(self):
        """An English reader of a Gregorian company: the Gregorian day in Tehran, in the
        language's format, with Latin digits (12/01/2026 00:30:00)."""
        lang = self.env["res.lang"]._activate_lang("en_US")
        self.env.company.write({"sales_panel_persian_digits": True, "sales_panel_calendar": "gregorian"})
        self.agent_a1.lang = "en_US"
        local = local_time(self.past_call.start_date, TEHRAN)
        expected = local.strftime(f"{lang.date_format} {lang.time_format}")
        self.assertEqual(expected, "12/01/2026 00:30:00")
        self.read_card_start(expected)
