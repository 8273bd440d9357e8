"""The live-call service (``odoo-bin sales-panel-pbx``) against an AMI server on loopback that
replays traffic recorded from a real Asterisk 20 (``lib/ami_server.py``, ``fixtures/ami``):
real sockets, the real AMI client, the ORM in the service's own transactions (issue 16)."""

import asyncio
import contextlib
import datetime
import functools
import threading
import time
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.bus.models.bus import channel_with_db, hashable
from odoo.addons.bus.websocket import WebsocketConnectionHandler, dispatch

from ..cli.pbx_service import PbxService
from ..lib.ami import AmiClient
from ..lib.ami_server import AmiServer, call_events, multiply
from ..models.crm_pbx_server import HEARTBEAT_LIMIT
from .test_pbx_live import PbxCase


class ServiceRunner:
    """The service in a thread of its own (its asyncio loop, its writer thread)."""

    def __init__(self, registry, **options):
        client = functools.partial(AmiClient, backoff_initial=0.05, backoff_max=0.3, connect_timeout=2.0)
        self.service = PbxService(registry, client_factory=client, poll_interval=0.1, stale_after=60.0, **options)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.service.run()), daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 5
        while self.service.loop is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def stop(self):
        if self.thread.is_alive():
            self.service.stop()
            self.thread.join(15)


class ServiceCase(PbxCase):
    """Agents A1 and A2 on extensions 101 and 102 (those of the recordings), the PBX server
    pointing at the loopback AMI server, the service started by ``start_service``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.users"].with_context(active_test=False).search(
            [("pbx_extension", "in", ["101", "102"])]).pbx_extension = False
        cls.agent_a1.pbx_extension, cls.agent_a2.pbx_extension = "101", "102"

    def setUp(self):
        super().setUp()
        self.pbx = AmiServer(users={"salespanel": "s3cr3t-ami"}).start()
        self.addCleanup(self.pbx.stop)
        self.server.write({"port": self.pbx.port, "username": "salespanel",
                           "device_template": "SIP/{extension}"})
        self.runner = None

    def start_service(self, logins=1, **options):
        self.env.flush_all()
        self.runner = ServiceRunner(self.registry, **options).start()
        self.addCleanup(self.runner.stop)
        if logins:
            self.assertTrue(self.pbx.wait_logins(logins), "the service logged in")

    @contextlib.contextmanager
    def db(self):
        """The test's reads while the service runs: its threads use the same (test)
        transaction, one at a time."""
        with self.registry.test_lock:
            self.env.invalidate_all()
            yield
            self.env.flush_all()

    def wait_for(self, predicate, timeout=10.0, message="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.db():
                value = predicate()
            if value:
                return value
            time.sleep(0.05)
        self.fail(f"timed out waiting for {message}")

    def calls(self, linkedid):
        return self.env["crm.call"].search([("linkedid", "=", linkedid)])


@tagged("post_install", "-at_install")
class TestPbxService(ServiceCase):
    def test_incoming_call_rings_is_answered_and_ends(self):
        self.customer_a1.phone = "09120002001"
        self.start_service()
        events = call_events("incoming_answered")
        linkedid = events[0][1]["Linkedid"]
        ringing = next(i for i, (_t, m) in enumerate(events) if m.get("Event") == "DialBegin")
        self.pbx.play(events[:ringing + 1])
        call = self.wait_for(lambda: self.calls(linkedid).filtered(lambda c: c.live_state == "ringing"),
                             message="the ringing call")
        with self.db():
            self.assertRecordValues(call, [{"user_id": self.agent_a2.id, "partner_id": self.customer_a1.id,
                                            "direction": "incoming", "number_e164": "+989120002001"}])
            self.assertEqual(self.server.state, "connected")
        # At the recorded pace: the talk time is the PBX's (truth.json: talks 6 s).
        self.pbx.play(events[ringing + 1:], speed=1.0)
        self.wait_for(lambda: call.end_date and not call.live_state, message="the end of the call")
        with self.db():
            self.assertEqual(call.disposition, "answered")
            self.assertAlmostEqual(call.talk_seconds, 6, delta=1)
            states = [m["state"] for m in self.bus_messages(self.agent_a2.partner_id, "sales_panel/call")]
            self.assertEqual(states[0], "ringing")
            self.assertIn("talking", states)
            self.assertEqual(states[-1], "ended")
            self.assertFalse(self.bus_messages(self.agent_a1.partner_id, "sales_panel/call"))
            # Supervisors and managers follow the journal.
            self.assertTrue(self.bus_messages(self.manager.partner_id, "sales_panel/journal"))
            extension = self.env["crm.pbx.extension"].search([("server_id", "=", self.server.id),
                                                              ("name", "=", "102")])
            self.assertEqual(extension.user_id, self.agent_a2)
            self.assertEqual(extension.state, "idle")
            self.assertEqual(len(self.calls(linkedid)), 1)

    def test_heartbeat(self):
        """The running service writes its heartbeat; once it is gone (killed: nothing
        written any more), the server is shown as not running after the limit."""
        self.start_service(heartbeat_interval=0.2)
        self.wait_for(lambda: self.server.service_state == "connected", message="connected")
        old = fields.Datetime.now() - datetime.timedelta(seconds=HEARTBEAT_LIMIT + 5)
        with self.db():
            self.server.sudo().heartbeat_date = old
        self.wait_for(lambda: self.server.heartbeat_date > old, message="a new heartbeat")
        self.runner.stop()
        with self.db():
            # A stopped service says so; a killed one would leave "connected" with its
            # last heartbeat, which ages.
            self.server.sudo().write({"state": "connected", "heartbeat_date": old})
            self.assertEqual(self.server.service_state, "stopped")

    def test_dropped_connection_keeps_the_ringing_call(self):
        self.start_service()
        events = call_events("reconnect_while_ringing")
        linkedid = events[0][1]["Linkedid"]
        ringing = next(i for i, (_t, m) in enumerate(events) if m.get("Event") == "DialBegin")
        self.pbx.play(events[:ringing + 1])
        call = self.wait_for(lambda: self.calls(linkedid).filtered("live_state"), message="the ringing call")
        self.pbx.drop()  # the network fails while the phone rings
        self.assertTrue(self.pbx.wait_logins(2), "the service logged in again")
        # The re-read of the live channels (CoreShowChannels) keeps the call ringing.
        self.wait_for(lambda: any(a.get("Action") == "CoreShowChannels" for a in self.pbx.actions[-3:]),
                      message="the re-read")
        self.runner.service.wait_idle()
        with self.db():
            self.assertEqual(call.live_state, "ringing")
            self.assertFalse(call.end_date)
        self.pbx.play(events[ringing + 1:])
        self.wait_for(lambda: call.end_date and not call.live_state, message="the end of the call")
        with self.db():
            self.assertEqual(len(self.calls(linkedid)), 1)

    def test_service_restarted_while_a_call_rang(self):
        # A call rings; the service stops; the call ends meanwhile (nobody listens); the
        # service starts again: the PBX does not list the call any more, it ends.
        events = call_events("incoming_answered")
        linkedid = events[0][1]["Linkedid"]
        ringing = next(i for i, (_t, m) in enumerate(events) if m.get("Event") == "DialBegin")
        self.start_service()
        self.pbx.play(events[:ringing + 1])
        call = self.wait_for(lambda: self.calls(linkedid).filtered(lambda c: c.live_state == "ringing"),
                             message="the ringing call")
        self.runner.service.wait_idle()
        self.runner.stop()
        self.pbx.play(events[ringing + 1:])  # nobody logged in hears it
        self.start_service(logins=2)
        self.wait_for(lambda: call.end_date and not call.live_state, message="the end of the call")
        with self.db():
            if "ringing_user_ids" in call._fields:
                self.assertFalse(call.ringing_user_ids)
            self.assertEqual(len(self.calls(linkedid)), 1)

    def test_channel_reread_refused_is_shown_on_the_server(self):
        # manager.conf without "write = reporting": connected, but calls could stay live.
        self.pbx.refused_actions = {"coreshowchannels"}
        self.start_service()
        self.wait_for(lambda: self.server.state == "connected" and self.server.last_error,
                      message="the warning")
        with self.db():
            self.assertIn("CoreShowChannels refused (Permission denied)", self.server.last_error)

    def test_login_refused_is_told_once(self):
        self.server.secret = "wrong"
        with self.assertLogs("odoo.addons.crm_voip_bridge.lib.ami", level="WARNING") as logs:
            self.start_service(logins=0)
            self.wait_for(lambda: self.server.state == "login_refused", message="login refused")
            with self.db():
                since = self.server.state_date
            # The service keeps trying (backoff), the record and the log say it once.
            deadline = time.monotonic() + 5
            while len(self.pbx.logins) < 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertGreaterEqual(len(self.pbx.logins), 4)
        with self.db():
            self.assertEqual(self.server.state_date, since)
            self.assertIn("Authentication failed", self.server.last_error)
            self.assertNotIn("wrong", self.server.last_error)
        self.assertEqual(len(logs.records), 1, [r.getMessage() for r in logs.records])
        # The right secret: the service connects again at once with the new settings.
        with self.db():
            self.server.secret = "s3cr3t-ami"
        self.runner.service.wake()
        self.wait_for(lambda: self.server.state == "connected", message="connected")
        with self.db():
            self.assertFalse(self.server.last_error)

    def test_ended_calls_are_forgotten(self):
        """What the service remembers of a call (the state machine's channels and call, the
        extensions told, the originate request) goes once it ended: memory stays flat
        however many calls go by (bench/bench_live_calls.py measures 100 000 events)."""
        self.start_service()
        events = multiply(call_events("incoming_answered"), 20)
        self.pbx.play(events)
        linkedids = list({m["Linkedid"] for _t, m in events if m.get("Linkedid")})
        self.wait_for(lambda: len(self.env["crm.call"].search(
            [("linkedid", "in", linkedids), ("live_state", "=", False), ("end_date", "!=", False)])) == 20,
            timeout=60, message="twenty ended calls")
        self.assertTrue(self.runner.service.wait_idle(30))
        session = next(iter(self.runner.service.sessions.values()))
        self.assertEqual((session.live.calls, session.live.devices, session.told, session.originated),
                         ({}, {}, {}, {}))
        self.assertEqual(len(session.live.gone_calls), 20)
        self.assertEqual(self.runner.service.errors, 0)

    def test_fifty_simultaneous_calls(self):
        self.start_service()
        events = multiply(call_events("incoming_answered"), 50)
        linkedids = {m["Linkedid"] for _t, m in events if m.get("Linkedid")}
        self.assertEqual(len(linkedids), 50)
        self.pbx.play(events)
        calls = self.wait_for(lambda: (lambda c: c if len(c) == 50 and not c.filtered("live_state") and
                                       all(c.mapped("end_date")) else None)(
            self.env["crm.call"].search([("linkedid", "in", list(linkedids))])), timeout=120,
            message="fifty ended calls")
        with self.db():
            self.assertEqual(set(calls.mapped("user_id")), {self.agent_a2})
            ended = [m for m in self.bus_messages(self.agent_a2.partner_id, "sales_panel/call")
                     if m["state"] == "ended"]
            self.assertEqual(len({m["linkedid"] for m in ended}), 50)
        self.assertEqual(self.runner.service.errors, 0)


@tagged("post_install", "-at_install")
class TestPbxOriginate(ServiceCase):
    def dial(self, number="09351112233"):
        with self.db():
            result = self.env["crm.call"].with_user(self.agent_a1).sales_panel_dial(number)
            self.env.flush_all()
            self.env.cr.precommit.run()  # as the RPC's commit would: its bus message first
        self.runner.service.wake()
        return self.env["crm.pbx.originate"].browse(result["request_id"])

    def test_originate_rings_the_agent_then_dials_the_customer(self):
        self.start_service()
        self.wait_for(lambda: self.server.state == "connected", message="connected")
        request = self.dial()
        action = self.wait_for(lambda: next((a for a in self.pbx.actions if a.get("Action") == "Originate"), None),
                               message="the Originate")
        with self.db():
            channel_id = request.uniqueid
        self.assertEqual({k: action[k] for k in ("Channel", "Context", "Exten", "Async", "ChannelId")}, {
            "Channel": "SIP/101", "Context": "from-internal", "Exten": "909351112233", "Async": "true",
            "ChannelId": channel_id})
        self.wait_for(lambda: request.state == "ringing", message="ringing")
        # The call as the PBX made it (recorded), under the channel id the service chose.
        events = [(t, {k: (channel_id if v == "sp-orig-1" else v) for k, v in m.items()})
                  for t, m in call_events("originate_success") if m.get("Event") != "OriginateResponse"]
        self.pbx.play(events)
        self.wait_for(lambda: request.state == "answered", message="answered")
        call = self.wait_for(lambda: self.calls(channel_id).filtered("end_date"), message="the call")
        with self.db():
            self.assertEqual(request.call_id, call)
            self.assertRecordValues(call, [{"direction": "outgoing", "user_id": self.agent_a1.id,
                                            "number_raw": "09351112233"}])
            states = [m["state"] for m in self.bus_messages(self.agent_a1.partner_id, "sales_panel/dial")]
            self.assertEqual(states, ["queued", "ringing", "answered"])

    def test_originate_to_a_number_the_provider_refuses(self):
        self.start_service()
        self.wait_for(lambda: self.server.state == "connected", message="connected")
        request = self.dial("09350000000")
        self.wait_for(lambda: request.state == "ringing", message="ringing")
        with self.db():
            channel_id = request.uniqueid
        # Recorded: the agent answers, the provider rejects the number (cause 1).
        events = [(t, {k: (channel_id if v == "sp-orig-2" else v) for k, v in m.items()})
                  for t, m in call_events("originate_rejected") if m.get("Event") != "OriginateResponse"]
        self.pbx.play(events)
        self.wait_for(lambda: request.state == "failed", message="failed")
        with self.db():
            self.assertEqual(request.reason, "The number was refused: Unallocated (unassigned) number.")
            self.assertEqual(self.bus_messages(self.agent_a1.partner_id, "sales_panel/dial")[-1]["reason"],
                             request.reason)

    def test_originate_never_answered_fails(self):
        # The PBX took the request and rang the agent, then nothing came back (events lost):
        # past the agent's ring time and a grace, the user is told it failed.
        self.start_service()
        self.wait_for(lambda: self.server.state == "connected", message="connected")
        request = self.dial()
        self.wait_for(lambda: request.state == "ringing", message="ringing")
        with self.db():
            request.sent_date = request.sent_date - datetime.timedelta(seconds=self.server.originate_timeout + 20)
        self.runner.service.wake()
        time.sleep(0.5)  # a few polls
        self.runner.service.wait_idle()
        with self.db():
            self.assertEqual(request.state, "ringing", "within the ring time and the grace: still waiting")
            request.sent_date = request.sent_date - datetime.timedelta(seconds=11)
        self.runner.service.wake()
        self.wait_for(lambda: request.state == "failed", message="failed")
        with self.db():
            self.assertEqual(request.reason, "The PBX did not say what became of the call in time.")
            self.assertEqual(self.bus_messages(self.agent_a1.partner_id, "sales_panel/dial")[-1]["state"], "failed")

    def test_originate_the_pbx_rejects(self):
        self.pbx.originate = "error"
        self.start_service()
        self.wait_for(lambda: self.server.state == "connected", message="connected")
        request = self.dial()
        self.wait_for(lambda: request.state == "failed", message="failed")
        with self.db():
            self.assertEqual(request.reason, "The PBX refused the call: Originate failed")
            self.assertEqual(self.bus_messages(self.agent_a1.partner_id, "sales_panel/dial")[-1]["reason"],
                             request.reason)

    def test_tour_refused_before_the_rpc_answered(self):
        """The PBX refuses the Originate at once: the request's "failed" notification can
        reach the page before the RPC that queued it answered (the page does not know the
        request's id yet). The tour holds that answer until the bus told the page; the
        call button still shows the failure and the PBX's reason."""
        # Odoo turns the web client's websocket off while tests run (see test_live_ui).
        self.startPatcher(patch.object(WebsocketConnectionHandler, "websocket_allowed", return_value=True))
        self.pbx.originate = "error"
        self.server.sudo()._sales_panel_set_state("connected")
        agent, partner, login = self.agent_a1.id, self.agent_a1.partner_id, self.agent_a1.login
        url = f"/odoo/res.partner/{self.customer_a1.id}"
        Call = self.env["crm.call"]
        dialled, done = threading.Event(), threading.Event()
        sales_panel_dial = type(Call).sales_panel_dial

        @functools.wraps(sales_panel_dial)  # its API kind for the RPC
        def observed(records, *args, **kwargs):
            result = sales_panel_dial(records, *args, **kwargs)
            dialled.set()
            return result

        def pbx_side():
            # The service starts once the page is up (the test's own requests are over: the
            # service and the page share the test's transaction, one at a time); it sends
            # the request, the PBX refuses it at once.
            if not dialled.wait(240):
                return
            runner = ServiceRunner(self.registry).start()
            try:
                told = False
                while not done.wait(0.3):
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        if not env["crm.pbx.originate"].search_count(
                                [("user_id", "=", agent), ("state", "=", "failed")]):
                            continue
                        if not told:
                            # The service commits in the test's transaction: its NOTIFY never
                            # leaves it. The rows dated now (a page that has seen nothing
                            # reads the recent ones only), the agent's websockets woken as
                            # bus' own WebsocketCase does.
                            told = True
                            cr.execute(SQL("UPDATE bus_bus SET create_date = %s WHERE create_date >= %s",
                                           fields.Datetime.now(),
                                           fields.Datetime.now() - datetime.timedelta(hours=1)))
                            cr.commit()  # pylint: disable=invalid-commit
                    channel = hashable(channel_with_db(self.registry.db_name, partner))
                    for websocket in list(dispatch._channels_to_ws.get(channel, ())):
                        websocket.trigger_notification_dispatching()
            finally:
                runner.stop()

        thread = threading.Thread(target=pbx_side, name="dial-refused")
        with patch.object(type(Call), "sales_panel_dial", observed):
            thread.start()
            try:
                self.start_tour(url, "crm_voip_bridge_dial_refused_early", login=login, timeout=240)
            finally:
                dialled.set()
                done.set()
                thread.join()
        request = self.env["crm.pbx.originate"].search([("user_id", "=", agent)])
        self.assertEqual((request.state, request.reason), ("failed", "The PBX refused the call: Originate failed"))

    def test_originate_to_an_unreachable_phone(self):
        self.pbx.originate = "failure"
        self.start_service()
        self.wait_for(lambda: self.server.state == "connected", message="connected")
        request = self.dial()
        self.wait_for(lambda: request.state == "failed", message="failed")
        with self.db():
            self.assertEqual(request.reason,
                             "The agent's phone is not reachable (not registered, or no such device).")

