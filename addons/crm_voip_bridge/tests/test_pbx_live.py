"""Live calls on the ORM side (issue 16): calls stored from the PBX's live events and
completed by the CDR sync, extensions mapped to users, the bus, click-to-call requests and
the AMI secret, through the web client's RPC as each person."""

import datetime
import json

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump
from odoo.addons.crm_sales_base.tests.common import RpcMixin, SalesPanelCase

from ..lib.cdr import Leg
from ..lib.live_calls import CallChange
from ..models.crm_pbx_server import HEARTBEAT_LIMIT

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
START = datetime.datetime(2026, 11, 21, 8, 0, 0)


def change(linkedid, state, number="09121234567", extensions=("7101",), answered="", direction="in",
           answer=None, end=None, disposition=None):
    return CallChange(linkedid, state, direction, number, tuple(extensions), answered, START,
                      answer, end, disposition)


class PbxCase(RpcMixin, SalesPanelCase, HttpCase):
    """A PBX server of the first company (with its CDR source), agents A1 and A2 on
    extensions 7101 and 7102."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Demo users hold the short extensions; the tests use their own.
        cls.agent_a1.pbx_extension, cls.agent_a2.pbx_extension = "7101", "7102"
        # The reasons given to the agents are checked in English (the test database may
        # make new users Persian, and may have English inactive: a user's inactive
        # language falls back to the first active one for their requests).
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.agent_a1 | cls.agent_a2).lang = "en_US"
        cls.source = cls.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        cls.env["crm.pbx.server"].search([]).active = False
        cls.server = cls.env["crm.pbx.server"].create({
            "name": "Asterisk", "host": "127.0.0.1", "port": 5038, "username": "sales-panel",
            "secret": "s3cr3t-ami", "cdr_source_id": cls.source.id, "outside_prefix": "9"})
        cls.customer_a1.phone = "+989121234567"

    def bus_messages(self, partner, kind):
        """Payloads of the ``kind`` notifications queued for ``partner``'s browsers."""
        self.env.cr.precommit.run()  # bus.bus rows are written at commit
        channel = json_dump(channel_with_db(self.env.cr.dbname, partner))
        rows = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        messages = [json.loads(row.message) for row in rows]
        return [m["payload"] for m in messages if m["type"] == kind]


@tagged("post_install", "-at_install")
class TestLiveCalls(PbxCase):
    def store(self, *changes, told=frozenset()):
        Call = self.env["crm.call"]
        agents = {ext: user for ext, user in
                  self.env["crm.pbx.extension"]._sales_panel_users(self.env.company).items() if user}
        for item in changes:
            told = Call._sales_panel_live_store(self.server, item, agents, told)
        return told

    def test_ringing_call_pops_for_its_agent(self):
        told = self.store(change("lv1", "ringing"))
        call = self.env["crm.call"].search([("linkedid", "=", "lv1")])
        self.assertRecordValues(call, [{
            "live_state": "ringing", "user_id": self.agent_a1.id, "partner_id": self.customer_a1.id,
            "number_e164": "+989121234567", "direction": "incoming", "source_id": self.source.id,
            "pbx_server_id": self.server.id}])
        self.assertEqual(told, {"7101"})
        self.assertEqual(self.bus_messages(self.agent_a1.partner_id, "sales_panel/call"), [{
            "call_id": call.id, "linkedid": "lv1", "state": "ringing", "direction": "incoming",
            "number": "+989121234567", "partner_id": self.customer_a1.id, "extension": "7101"}])
        self.assertFalse(self.bus_messages(self.agent_a2.partner_id, "sales_panel/call"))

    def test_answered_elsewhere_closes_the_other_card(self):
        # A queue rings A1 and A2; A2 answers: A1's card is told the call is gone.
        told = self.store(change("lv2", "ringing", extensions=("7101", "7102")))
        self.store(change("lv2", "talking", extensions=("7102",), answered="7102",
                          answer=START + datetime.timedelta(seconds=5)), told=told)
        call = self.env["crm.call"].search([("linkedid", "=", "lv2")])
        self.assertEqual((call.live_state, call.user_id), ("talking", self.agent_a2))
        self.assertEqual([m["state"] for m in self.bus_messages(self.agent_a1.partner_id, "sales_panel/call")],
                         ["ringing", "ended"])
        self.assertEqual([m["state"] for m in self.bus_messages(self.agent_a2.partner_id, "sales_panel/call")],
                         ["ringing", "talking"])

    def test_live_call_then_cdr_is_one_call_counted_once(self):
        answer, end = START + datetime.timedelta(seconds=10), START + datetime.timedelta(seconds=70)
        told = self.store(change("lv3", "ringing"))
        told = self.store(change("lv3", "talking", answered="7101", answer=answer), told=told)
        self.store(change("lv3", "ended", extensions=(), answered="7101", answer=answer, end=end,
                          disposition="answered"), told=told)
        Call = self.env["crm.call"]
        call = Call.search([("linkedid", "=", "lv3")])
        self.assertRecordValues(call, [{"live_state": False, "disposition": "answered", "talk_seconds": 60,
                                        "ring_seconds": 10, "end_date": end}])
        # The PBX's record arrives with the next sync: it completes the same call.
        leg = Leg(uniqueid="lv3", linkedid="lv3", sequence=1, calldate=START, src="09121234567",
                  dst="7101", clid='"" <09121234567>', channel="SIP/trunk-00000001",
                  dstchannel="SIP/7101-00000002", did="", duration=72, billsec=61,
                  disposition="answered", recordingfile="lv3.wav")
        self.assertEqual(Call._sales_panel_store_legs(self.source, [leg]), (0, 1))
        calls = Call.search([("linkedid", "=", "lv3")])
        self.assertEqual(calls, call, "the CDR completes the live call, it does not store another")
        self.assertRecordValues(call, [{"talk_seconds": 61, "recording_file": "lv3.wav",
                                        "user_id": self.agent_a1.id, "live_state": False}])
        self.assertEqual(len(call.leg_ids), 1)
        # Counted once in the call figures.
        stats = Call._sales_panel_stats(START.date() - datetime.timedelta(days=1),
                                        START.date() + datetime.timedelta(days=1), [self.agent_a1.id])
        self.assertEqual({k: stats[self.agent_a1.id][k] for k in ("incoming", "answered", "missed")},
                         {"incoming": 1, "answered": 1, "missed": 0})
        self.assertEqual(stats[self.agent_a1.id]["talk_minutes"], 61 / 60)

    def test_live_call_of_a_pbx_without_cdr_source_is_claimed_by_the_sync(self):
        self.server.cdr_source_id = False
        other = self.env["crm.cdr.source"].create({"name": "Second", "kind": "csv", "csv_path": "/dev/null"})
        self.assertFalse(self.server._sales_panel_cdr_source(), "two sources: none is the PBX's")
        self.store(change("lv4", "ringing"))
        call = self.env["crm.call"].search([("linkedid", "=", "lv4")])
        self.assertFalse(call.source_id)
        leg = Leg(uniqueid="lv4", linkedid="lv4", sequence=1, calldate=START, src="09121234567",
                  dst="7101", clid="", channel="SIP/trunk-1", dstchannel="SIP/7101-2", did="",
                  duration=30, billsec=0, disposition="no_answer", recordingfile="")
        self.env["crm.call"]._sales_panel_store_legs(other, [leg])
        self.assertEqual(self.env["crm.call"].search([("linkedid", "=", "lv4")]), call)
        self.assertEqual(call.source_id, other)

    def test_cdr_completes_a_still_live_call(self):
        # The service missed the call's end (stopped, connection down): the PBX's record
        # ends it, and the after-call work (next step) starts once.
        start = datetime.datetime.now().replace(microsecond=0) - datetime.timedelta(minutes=2)
        self.store(CallChange("lv5", "talking", "in", "09121234567", ("7101",), "7101", start,
                              start + datetime.timedelta(seconds=5), None, None))
        call = self.env["crm.call"].search([("linkedid", "=", "lv5")])
        self.assertEqual((call.live_state, call.end_date, call.next_step_required), ("talking", False, False))
        leg = Leg(uniqueid="lv5", linkedid="lv5", sequence=1, calldate=start, src="09121234567",
                  dst="7101", clid="", channel="SIP/trunk-1", dstchannel="SIP/7101-2", did="",
                  duration=65, billsec=60, disposition="answered", recordingfile="")
        self.assertEqual(self.env["crm.call"]._sales_panel_store_legs(self.source, [leg]), (0, 1))
        self.assertRecordValues(call, [{"live_state": False, "disposition": "answered", "talk_seconds": 60,
                                        "next_step_required": True}])
        self.assertTrue(call.end_date)
        if "ringing_user_ids" in call._fields:
            self.assertFalse(call.ringing_user_ids)

    def test_a_burst_of_calls_is_stored_set_wise(self):
        """The changes of many calls in one transaction (the service's batch): as many
        queries for 40 calls as for 4 (one search, one caller look-up, one create), and each
        agent told once per call. bench/README.md, "live pop"."""
        Call = self.env["crm.call"]
        agents = {"7101": self.agent_a1, "7102": self.agent_a2}

        def burst(prefix, count):
            changes = []
            for index in range(count):
                linkedid = f"{prefix}{index}"
                # The ring, then the same state again once the number is known (one more
                # event of the PBX), as recorded.
                changes += [change(linkedid, "ringing", number="", extensions=("7101", "7102")[index % 2:][:1]),
                            change(linkedid, "ringing", extensions=("7101", "7102")[index % 2:][:1])]
            Call.flush_model()
            before = self.env.cr.sql_log_count
            told = Call._sales_panel_live_store_many(self.server, changes, agents, {})
            Call.flush_model()
            return self.env.cr.sql_log_count - before, told

        small, _told = burst("bs", 4)
        large, told = burst("bl", 40)
        self.assertLessEqual(large, small, "the queries do not grow with the number of calls")
        self.assertEqual(told["bl0"], {"7101"})
        calls = Call.search([("linkedid", "=like", "bl%")])
        self.assertEqual(len(calls), 40)
        self.assertEqual(set(calls.mapped("partner_id")), {self.customer_a1})
        self.assertEqual(set(calls.mapped("live_state")), {"ringing"})
        messages = [m for m in self.bus_messages(self.agent_a1.partner_id, "sales_panel/call")
                    if m["linkedid"].startswith("bl")]
        self.assertEqual(len(messages), 20, "one card per call, not one per change")
        self.assertEqual(messages[0]["number"], "+989121234567")

    def test_missed_in_one_batch_keeps_its_agent(self):
        # Rang for A1 and ended unanswered before the service wrote anything: stored once,
        # ended, missed, for A1 (the last agent known), A1's card opened then closed.
        Call = self.env["crm.call"]
        end = START + datetime.timedelta(seconds=20)
        told = Call._sales_panel_live_store_many(self.server, [
            change("mb1", "ringing"),
            change("mb1", "ended", extensions=(), end=end, disposition="no_answer")],
            {"7101": self.agent_a1}, {})
        self.assertEqual(told, {"mb1": None})
        call = Call.search([("linkedid", "=", "mb1")])
        self.assertRecordValues(call, [{"live_state": False, "user_id": self.agent_a1.id,
                                        "disposition": "no_answer", "ring_seconds": 20, "end_date": end}])
        self.assertEqual([m["state"] for m in self.bus_messages(self.agent_a1.partner_id, "sales_panel/call")],
                         ["ringing", "ended"])

    def test_caller_ids(self):
        for linkedid, raw, e164 in (("cid1", "", False), ("cid2", "anonymous", False),
                                    ("cid3", "Withheld", False), ("cid4", "۰۹۱۲۱۲۳۴۵۶۷", "+989121234567")):
            self.store(change(linkedid, "ringing", number=raw))
            call = self.env["crm.call"].search([("linkedid", "=", linkedid)])
            self.assertEqual(call.number_e164, e164, raw)
            self.assertEqual(call.partner_id, self.customer_a1 if e164 else self.env["res.partner"], raw)
            self.assertEqual(call.live_state, "ringing")

    def test_extension_of_nobody(self):
        self.store(change("nb1", "ringing", extensions=("7999",)))
        call = self.env["crm.call"].search([("linkedid", "=", "nb1")])
        self.assertFalse(call.user_id)
        self.assertEqual(call.live_state, "ringing")
        Extension = self.env["crm.pbx.extension"]
        Extension._sales_panel_set_states(self.server, {"7999": "ringing", "7101": "in_use"}, START)
        extensions = Extension.search([("server_id", "=", self.server.id)])
        self.assertEqual({e.name: (e.user_id, e.state) for e in extensions}, {
            "7999": (self.env["res.users"], "ringing"), "7101": (self.agent_a1, "in_use")})
        # Giving the extension to a user maps it at once.
        self.agent_b1.pbx_extension = "7999"
        self.assertEqual(extensions.filtered(lambda e: e.name == "7999").user_id, self.agent_b1)
        self.agent_b1.pbx_extension = False
        self.assertFalse(extensions.filtered(lambda e: e.name == "7999").user_id)

    def test_extension_of_two_users(self):
        # The same extension number in another company (its own PBX): the call of this
        # company's PBX is this company's user's, never the other's.
        company_2 = self.env["res.company"].create({"name": "Second company"})
        other = new_test_user(self.env, login="t_other_7101", groups="crm_sales_base.group_agent",
                              company_id=company_2.id, company_ids=[Command.set((company_2 | self.env.company).ids)])
        other.pbx_extension = "7101"
        self.store(change("two1", "ringing"))
        call = self.env["crm.call"].search([("linkedid", "=", "two1")])
        self.assertEqual(call.user_id, self.agent_a1)
        self.assertFalse(self.bus_messages(other.partner_id, "sales_panel/call"))
        # Two users of the same company on one extension (the database refuses it; an
        # import without constraints could): nobody gets the call.
        self.env.cr.execute("ALTER TABLE res_users DROP CONSTRAINT res_users_pbx_extension_company_uniq")
        self.env.cr.execute("UPDATE res_users SET pbx_extension = '7101' WHERE id = %s", [self.agent_a2.id])
        self.env.invalidate_all()
        self.store(change("two2", "ringing"))
        call = self.env["crm.call"].search([("linkedid", "=", "two2")])
        self.assertFalse(call.user_id)
        self.assertFalse([m for m in self.bus_messages(self.agent_a1.partner_id, "sales_panel/call")
                          if m["linkedid"] == "two2"])

    def test_server_state_is_written_once_and_redacted(self):
        self.assertTrue(self.server._sales_panel_set_state("login_refused", "Authentication failed for s3cr3t-ami"))
        self.assertEqual(self.server.last_error, "Authentication failed for ***")
        write_date = self.server.write_date
        for _attempt in range(5):
            self.assertFalse(self.server._sales_panel_set_state("connecting", "127.0.0.1:5038"))
            self.assertFalse(self.server._sales_panel_set_state(
                "login_refused", "Authentication failed for s3cr3t-ami"))
        self.assertEqual(self.server.write_date, write_date)
        self.assertTrue(self.server._sales_panel_set_state("connected", "Asterisk Call Manager/9.0.0"))
        self.assertEqual((self.server.state, self.server.last_error), ("connected", False))


@tagged("post_install", "-at_install")
class TestPbxRights(PbxCase):
    def test_agent_and_manager_cannot_read_the_secret(self):
        for user in (self.agent_a1, self.manager):
            self.authenticate(user.login, user.login)
            self.assertIn(ACCESS_ERROR, self.rpc_error("crm.pbx.server", "read", self.server.ids, ["secret"]))
        # Managers see that it is set, and the connection's state.
        self.assertEqual(self.rpc("crm.pbx.server", "read", self.server.ids, ["has_secret", "state"]),
                         [{"id": self.server.id, "has_secret": True, "state": "stopped"}])

    def test_extension_and_device_hold_one_channel(self):
        # Both go into the Originate's Channel: a space, "&" (a second phone) or "," (Dial
        # options) would change what the PBX rings.
        for bad in ("71 01", "7101&7102", "7101,t", "7101\nAction: Logoff", "x" * 21):
            with self.assertRaises(ValidationError, msg=bad), self.env.cr.savepoint():
                self.agent_b1.pbx_extension = bad
        for good in ("7103", "*97", "SIP101", "+4930", False):
            self.agent_b1.pbx_extension = good
        for bad in ("SIP/{extension}&SIP/7999", "Local/{extension}@from-internal,n", "SIP/ {extension}"):
            with self.assertRaises(ValidationError, msg=bad), self.env.cr.savepoint():
                self.server.device_template = bad
        self.server.device_template = "Local/{extension}@from-internal"

    def test_a_silent_service_is_not_running(self):
        """A killed service cannot say it stopped: a server whose heartbeat is older than
        the limit is "Service not running", whatever its last state, and nobody dials."""
        Server = self.env["crm.pbx.server"]
        self.server.sudo()._sales_panel_set_state("connected", "")
        self.assertEqual(self.server.service_state, "connected")
        self.assertEqual(Server.search([("service_state", "=", "connected")]), self.server)
        self.server.sudo().heartbeat_date = fields.Datetime.now() - datetime.timedelta(seconds=HEARTBEAT_LIMIT + 5)
        self.server.invalidate_recordset(["service_state"])
        self.assertEqual((self.server.state, self.server.service_state), ("connected", "stopped"))
        self.assertFalse(Server.search([("service_state", "=", "connected")]))
        self.assertEqual(Server.search([("service_state", "=", "stopped")]), self.server)
        self.assertEqual(Server.search([("service_state", "!=", "connected")]), self.server)
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        result = self.rpc("crm.call", "sales_panel_dial", "09121234567")
        self.assertEqual(result["state"], "failed")
        self.assertIn("Service not running", result["reason"])
        # Its heartbeat again: connected.
        self.server.sudo()._sales_panel_heartbeat()
        self.assertEqual(self.server.service_state, "connected")

    def test_agent_without_extension_cannot_dial(self):
        self.agent_a1.pbx_extension = False
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "sales_panel_dial", "09121234567"))
        self.assertFalse(self.env["crm.pbx.originate"].search([]))

    def test_agent_dials_from_own_extension(self):
        self.server.sudo()._sales_panel_set_state("connected", "")
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        result = self.rpc("crm.call", "sales_panel_dial", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "res.partner", self.customer_a1.id)
        request = self.env["crm.pbx.originate"].browse(result["request_id"])
        self.assertRecordValues(request, [{
            "user_id": self.agent_a1.id, "extension": "7101", "number_e164": "+989121234567",
            "dial_number": "909121234567", "state": "queued", "res_model": "res.partner",
            "res_id": self.customer_a1.id}])
        self.assertEqual(self.bus_messages(self.agent_a1.partner_id, "sales_panel/dial"), [{
            "request_id": request.id, "state": "queued", "reason": "", "number": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "call_id": False}])
        # A foreign number: international prefix; an extension: as it is.
        result = self.rpc("crm.call", "sales_panel_dial", "+49 170 1234567")
        self.assertEqual(self.env["crm.pbx.originate"].browse(result["request_id"]).dial_number,
                         "900491701234567")
        result = self.rpc("crm.call", "sales_panel_dial", "7102")
        self.assertEqual(self.env["crm.pbx.originate"].browse(result["request_id"]).dial_number, "7102")
        # The agent reads their own requests only.
        self.assertEqual(len(self.rpc("crm.pbx.originate", "search_read", [], ["extension"])), 3)

    def test_nobody_dials_from_another_users_extension(self):
        self.server.sudo()._sales_panel_set_state("connected", "")
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        # No argument names an extension, and requests are not created nor changed over RPC.
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.pbx.originate", "create", [{
            "user_id": self.agent_a2.id, "server_id": self.server.id, "extension": "7102",
            "number": "09121234567", "dial_number": "09121234567"}]))
        result = self.rpc("crm.call", "sales_panel_dial", "09121234567")
        request = self.env["crm.pbx.originate"].browse(result["request_id"])
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.pbx.originate", "write", request.ids,
                                                   {"extension": "7102"}))
        self.assertEqual(request.extension, "7101")
        # Another agent's request is not even readable.
        self.authenticate(self.agent_a2.login, self.agent_a2.login)
        self.assertEqual(self.rpc("crm.pbx.originate", "search_read", [], ["extension"]), [])
        # A record the agent may not see is not remembered as the call's origin.
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "sales_panel_dial", "09121234567",
                                                   "res.partner", self.customer_b1.id))

    def test_dial_refuses_bad_numbers_and_fails_when_pbx_is_down(self):
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertIn(USER_ERROR, self.rpc_error("crm.call", "sales_panel_dial", "abc"))
        self.assertIn(USER_ERROR, self.rpc_error("crm.call", "sales_panel_dial", "۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷"))
        # A record to call from that does not exist is refused (nothing remembers a dangling id).
        self.assertIn(USER_ERROR, self.rpc_error("crm.call", "sales_panel_dial", "09121234567",
                                                 res_model="res.partner", res_id=2_000_000_000))
        self.assertFalse(self.env["crm.pbx.originate"].search([("res_id", "=", 2_000_000_000)]))
        result = self.rpc("crm.call", "sales_panel_dial", "09121234567")
        self.assertEqual(result["state"], "failed")
        self.assertIn("not connected", result["reason"])
