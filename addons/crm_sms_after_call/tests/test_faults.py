"""Issue 15: nothing leaks, nothing is sent twice, nothing is lost — against loopback
gateways that refuse, do not resolve, stall after taking the text, or lose their client."""

import datetime
import logging
import socket
from unittest.mock import patch

import requests

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_voip_bridge.lib.cdr import Leg

from ..lib import providers
from .common import SmsCase, real_requests

MODULE_LOGGER = "odoo.addons.crm_sms_after_call"
# The level as a number: Odoo names its level 25 "INFO" too, so the name means 25.
INFO = logging.INFO
QUICK = (1, 0.3)  # (connect, read) seconds: the stalling gateway answers after 2 s


def refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WorkerKilled(BaseException):
    """The worker process dies: nothing after this point runs, no ``except Exception``
    catches it, the transaction's last commit is what remains."""


@tagged("post_install", "-at_install")
class TestSecretsNeverStored(SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"

    def assert_nowhere(self, secrets, record, sms, logs):
        notification = sms.mail_message_id.notification_ids
        texts = {
            "SMS reason": sms.sms_provider_reason, "after-call reason": record.reason,
            "notification": notification.failure_reason, "server log": "\n".join(logs),
        }
        for where, text in texts.items():
            self.assertTrue(text, where)
            for secret in secrets:
                self.assertNotIn(secret, text, where)

    def test_kavenegar_key_on_a_refused_port(self):
        key = "Kq7SecretApiKey0042"
        self.company.write({"sms_kavenegar_api_key": key, "sms_retry_hours": 1,
                            "sms_kavenegar_url": f"http://127.0.0.1:{refused_port()}"})
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        with self.assertLogs(MODULE_LOGGER, INFO) as first:
            self.run_queue(15)
        self.assertEqual((sms.state, record.state), ("outgoing", "queued"), "refused: surely not sent, retried")
        self.assertIn("/v1/***/sms/send.json", sms.sms_provider_reason)
        self.assertIn("Connection refused", sms.sms_provider_reason)
        with self.assertLogs(MODULE_LOGGER, INFO) as last:
            self.run_queue(at=fields.Datetime.now() + datetime.timedelta(hours=2))
        self.assertEqual((sms.state, record.state), ("error", "error"))
        self.assert_nowhere([key], record, sms, first.output + last.output)

    def test_http_gateway_credentials_on_an_unresolvable_host(self):
        self.company.write({
            "sms_provider": "http", "sms_http_method": "GET", "sms_retry_hours": 0,
            "sms_http_url": "http://sms-gateway.invalid/send?username=acme-sms&password=S3cret%2Fpass"
                            "&to={to_national}&text={message}"})
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        with self.assertLogs(MODULE_LOGGER, INFO) as logs, real_requests():
            self.run_queue(15)
        self.assertEqual((sms.state, sms.failure_type, record.state), ("error", "sms_server", "error"))
        self.assertIn("sms-gateway.invalid", record.reason)
        self.assert_nowhere(["S3cret", "acme-sms"], record, sms, logs.output)


@tagged("post_install", "-at_install")
class TestNeverTwiceNeverLost(SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"

    def sends(self, gateway=None):
        """Requests that asked ``gateway`` to send a text (status queries aside)."""
        return [path for path, _params in (gateway or self.gateway).received if path.endswith("/send.json")
                or path == "/send"]

    def use_http_gateway(self):
        self.company.write({
            "sms_provider": "http", "sms_http_method": "POST",
            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}&uid={uid}",
            "sms_http_success_pattern": r"^OK id=(?P<id>\d+)"})

    def test_stalled_kavenegar_is_unknown_then_settled_by_its_status(self):
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        self.gateway.modes = ["stall"]
        with mute_logger(MODULE_LOGGER):
            self.run_queue(15, sms_after_call_timeout=QUICK)
        self.assertEqual(len(self.gateway.delivered), 1, "the gateway took it, its answer came too late")
        self.assertEqual((sms.state, sms.sms_outcome_unknown), ("process", True))
        self.assertEqual(record.state, "unknown")
        self.assertIn("outcome unknown", record.reason)
        # The next run asks Kavenegar by the SMS's local id instead of sending again.
        self.run_queue(16, sms_after_call_timeout=QUICK)
        self.assertEqual(len(self.sends()), 1, "never sent twice")
        self.assertEqual(self.gateway.received[-1][0], "/v1/good-key/sms/statuslocalmessageid.json")
        self.assertEqual((sms.state, sms.sms_outcome_unknown), ("pending", False))
        self.assertEqual(sms.sms_provider_message_id, "8000000")
        self.assertEqual((record.state, record.provider_message_id), ("sent", "8000000"))
        self.run_queue(30)
        self.assertEqual(len(self.gateway.received), 2, "settled: nothing more")

    def test_status_says_never_received_then_sent_once(self):
        """The request stalled before the gateway took it: the status query finds nothing,
        the SMS goes again (the same local id) and exactly one text is sent."""
        record = self.record_of(self.make_call())
        self.gateway.modes = ["timeout"]  # stalls before taking the text
        with mute_logger(MODULE_LOGGER):
            self.run_queue(15, sms_after_call_timeout=QUICK)
        self.assertEqual(record.state, "unknown")
        self.assertFalse(self.gateway.delivered)
        self.run_queue(16)
        self.assertEqual(len(self.gateway.delivered), 1)
        self.assertEqual(record.state, "sent")

    def test_stalled_http_gateway_waits_for_a_report_or_a_manager(self):
        self.use_http_gateway()
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        self.gateway.modes = ["stall"]
        with mute_logger(MODULE_LOGGER):
            self.run_queue(15, sms_after_call_timeout=QUICK)
        self.assertEqual(record.state, "unknown")
        for minutes in (16, 60, 24 * 60):
            self.run_queue(minutes)
        self.assertEqual(len(self.gateway.received), 1, "no status query, no blind resend")
        self.assertEqual(record.state, "unknown")
        with self.assertRaises(AccessError):
            record.with_user(self.agent_a1).action_sms_confirm_sent()
        record.with_user(self.manager).action_sms_confirm_sent()
        self.assertEqual((sms.state, record.state), ("pending", "sent"))
        self.run_queue(24 * 60 + 1)
        self.assertEqual(len(self.gateway.received), 1)

    def test_one_off_text_unknown_settled_by_an_administrator(self):
        """A text typed on the contact form (no record after a call): the SMS queue's
        buttons settle it, for system administrators only."""
        self.use_http_gateway()
        self.gateway.modes = ["stall"]
        with mute_logger(MODULE_LOGGER):
            self.env["sms.composer"].with_context(
                active_model="res.partner", active_id=self.contact.id, sms_after_call_timeout=QUICK,
            ).create({"body": "سلام"}).action_send_sms()
            self.assertFalse(self.gateway.received, "never from the user's request")
            self.run_queue(sms_after_call_timeout=QUICK)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.contact.id), ("body", "=", "سلام")])
        self.assertEqual((sms.state, sms.sms_outcome_unknown), ("process", True))
        self.run_queue(5)
        self.assertEqual(len(self.gateway.received), 1)
        with self.assertRaises(AccessError):
            sms.with_user(self.manager).action_sms_confirm_sent()
        admin = new_test_user(self.env, login="t_sms_root", groups="base.group_system,base.group_user")
        sms.with_user(admin).action_sms_confirm_sent()
        self.assertEqual((sms.state, sms.sms_outcome_unknown), ("pending", False))
        self.assertIn("Confirmed sent by", sms.sms_provider_reason)
        self.run_queue(10)
        self.assertEqual(len(self.gateway.received), 1, "never sent twice")

    def test_status_queries_back_off_and_stop_at_the_first_failure(self):
        """A gateway whose status query fails is asked once per run, not once per SMS,
        and each SMS is asked again later and later."""
        records = [self.record_of(self.make_call(self.env["res.partner"].create({
            "name": f"Stalled {n}", "mobile": f"0912777100{n}", "tier": "gold"}))) for n in range(2)]
        first, second = sorted((self.sms_of(r) for r in records), key=lambda s: s.id)
        minute = datetime.timedelta(minutes=1)
        start = fields.Datetime.now() + 15 * minute  # once the SMS are due
        self.gateway.modes = ["stall", "stall"]
        with mute_logger(MODULE_LOGGER):
            self.run_queue(at=start, sms_after_call_timeout=QUICK)
        self.assertEqual((first.sms_outcome_unknown, second.sms_outcome_unknown), (True, True))
        self.company.sms_kavenegar_url = f"http://127.0.0.1:{refused_port()}"
        self.run_queue(at=start + minute)
        self.assertIn("status query failed", first.sms_provider_reason)
        self.assertNotIn("status query failed", second.sms_provider_reason,
                         "the gateway is down: the other SMS wait for the next run")
        self.assertEqual((first.sms_next_try, second.sms_next_try), (start + 3 * minute, False))
        self.company.sms_kavenegar_url = self.gateway.url
        self.run_queue(at=start + 2 * minute)
        self.assertEqual((first.state, second.state), ("process", "pending"), "the first waits for its time")
        self.run_queue(at=start + 3 * minute)
        self.assertEqual(first.state, "pending")
        self.assertEqual(len(self.sends()), 2, "never sent twice")

    def test_a_failing_settlement_stops_no_sending(self):
        """Whatever the status queries raise, the queue sends the due SMS; the error is
        logged without the gateway's key."""
        stalled = self.record_of(self.make_call())
        self.gateway.modes = ["stall"]
        with mute_logger(MODULE_LOGGER):
            self.run_queue(15, sms_after_call_timeout=QUICK)
        self.assertEqual(stalled.state, "unknown")
        self.contact.tier = "silver"
        due = self.record_of(self.make_call())

        def broken(client, local_id):
            raise RuntimeError(f"status query broke with key {client.api_key}")

        with patch.object(providers.Kavenegar, "status", broken), \
                self.assertLogs(MODULE_LOGGER, logging.ERROR) as logs:
            self.run_queue(16)
        self.assertEqual((stalled.state, due.state), ("unknown", "sent"))
        self.assertIn("status query broke", "\n".join(logs.output))
        self.assertNotIn("good-key", "\n".join(logs.output))

    def test_an_sms_being_sent_is_not_settled_by_hand(self):
        """Only an SMS whose outcome is unknown, or whose sending is stale, is settled by
        hand: not one a worker is sending right now."""
        sms = self.sms_of(self.record_of(self.make_call()))
        now = fields.Datetime.now()
        self.assertTrue(sms._sales_panel_claim("Kavenegar", now))
        admin = new_test_user(self.env, login="t_sms_root_2", groups="base.group_system,base.group_user")
        sms.with_user(admin).with_context(sms_after_call_now=now).action_sms_confirm_not_sent()
        sms.with_user(admin).with_context(sms_after_call_now=now).action_sms_confirm_sent()
        self.assertEqual(sms.state, "process", "its worker's answer decides")
        later = now + datetime.timedelta(minutes=10)
        sms.with_user(admin).with_context(sms_after_call_now=later).action_sms_confirm_not_sent()
        self.assertEqual((sms.state, sms.sms_sending_since), ("outgoing", False))

    def test_manager_says_not_sent(self):
        self.use_http_gateway()
        record = self.record_of(self.make_call())
        self.gateway.modes = ["5xx"]  # a 502 may come after the box took the text
        with mute_logger(MODULE_LOGGER):
            self.run_queue(15)
        self.assertEqual(record.state, "unknown")
        self.assertFalse(self.gateway.delivered)
        record.with_user(self.manager).action_sms_confirm_not_sent()
        self.assertEqual(record.state, "queued")
        self.run_queue(16)
        self.assertEqual((len(self.gateway.delivered), record.state), (1, "sent"))

    def test_refused_connection_is_retried(self):
        """Only a request that surely never arrived is sent again."""
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        self.company.sms_kavenegar_url = f"http://127.0.0.1:{refused_port()}"
        self.run_queue(15)
        self.assertEqual((sms.state, sms.sms_outcome_unknown, sms.sms_attempts), ("outgoing", False, 1))
        self.company.sms_kavenegar_url = self.gateway.url
        self.run_queue(at=sms.sms_next_try)
        self.assertEqual((len(self.gateway.delivered), record.state), (1, "sent"))

    def kill_after_the_request(self):
        """Requests go out for real; the worker dies as soon as the answer is back, before
        anything else of its transaction is written. Checks on the way that the SMS was
        already marked "sending" in the database before its request left."""
        real_post, real_get = requests.Session.post, requests.Session.get
        test = self

        def dying(real):
            def request(session, url, *args, **kwargs):
                if "/statuslocalmessageid.json" not in url:
                    test.env.cr.execute("SELECT state, sms_sending_since IS NOT NULL FROM sms_sms "
                                        "WHERE state = 'process'")
                    test.assertEqual(test.env.cr.fetchall(), [("process", True)], "claimed before it left")
                real(session, url, *args, **kwargs)
                raise WorkerKilled()
            return request

        return patch.multiple(requests.Session, post=dying(real_post), get=dying(real_get))

    def run_and_kill(self, minutes):
        """The queue's run, killed after its first request. (Not ``assertRaises``: Odoo's
        rolls its block back to a savepoint, while a killed worker leaves what it committed,
        here everything written before the kill.)"""
        killed = False
        with self.kill_after_the_request():
            try:
                self.run_queue(minutes)
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.env.invalidate_all()

    def test_worker_killed_between_the_gateway_and_the_commit(self):
        records = [self.record_of(self.make_call(self.env["res.partner"].create({
            "name": f"Killed {n}", "mobile": f"0912777000{n}", "tier": "gold"}))) for n in range(2)]
        self.run_and_kill(15)
        self.assertEqual(len(self.gateway.delivered), 1, "one SMS went, then the worker died")
        sms = [self.sms_of(record) for record in records]
        first, second = sorted(sms, key=lambda s: s.state != "process")
        self.assertEqual((first.state, second.state), ("process", "outgoing"))
        self.assertEqual(self.gateway.received[0][1]["localid"], str(first.id))
        # The job runs again at once: the first SMS is neither sent again nor settled yet.
        self.run_queue(16)
        self.assertEqual((len(self.gateway.delivered), len(self.sends())), (2, 2), "one request per SMS")
        self.assertEqual(first.state, "process")
        # Later, the gateway's status settles it: sent, with its message id.
        self.run_queue(20)
        self.assertEqual(len(self.gateway.delivered), 2, "never sent twice")
        self.assertEqual(len(self.sends()), 2)
        record = records[sms.index(first)]
        self.assertEqual((first.state, record.state, record.provider_message_id), ("pending", "sent", "8000000"))

    def test_worker_killed_with_an_http_gateway(self):
        self.use_http_gateway()
        record = self.record_of(self.make_call())
        self.run_and_kill(15)
        for minutes in (16, 20, 120):
            self.run_queue(minutes)
        self.assertEqual(len(self.gateway.received), 1, "never sent twice")
        self.assertEqual(record.state, "unknown")
        self.assertIn("interrupted", record.reason)
        # The gateway's delivery report (with our id) settles it.
        self.env["sms.sms"]._sales_panel_delivery_report(self.company, "", "delivered", local_id=str(self.sms_of(record).id))
        self.assertEqual(record.state, "delivered")


@tagged("post_install", "-at_install")
class TestDecisionsAfterTheImport(SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({
            "name": "Second SMS company", "sms_provider": "kavenegar", "sms_kavenegar_api_key": "good-key",
            "sms_kavenegar_url": cls.gateway.url, "sms_quiet_start": 0.0, "sms_quiet_end": 0.0})

    def test_a_failing_decision_rolls_nothing_back_and_stops_nothing(self):
        broken = self.env["res.partner"].create({"name": "Broken", "mobile": "09129990000", "tier": "gold"})
        good = self.env["res.partner"].create({"name": "Good", "mobile": "09129990001", "tier": "gold"})
        other = self.env["res.partner"].create({"name": "Other company", "mobile": "09129990002", "tier": "gold"})
        # A real failure in the decision (the database refuses this SMS), not a mock.
        self.env.cr.execute("ALTER TABLE sms_sms ADD CONSTRAINT test_refused_number "
                            "CHECK (number IS NULL OR number != '+989129990000') NOT VALID")
        self.agent_a1.pbx_extension = "7101"
        source = self.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        start = fields.Datetime.now() - datetime.timedelta(minutes=3)
        legs = [Leg(uniqueid=f"f.{n}", linkedid=f"f.{n}", sequence=1, calldate=start, src=number, dst="7101",
                    clid="", channel="PJSIP/trunk-1", dstchannel=f"PJSIP/7101-000{n}", did="", duration=70,
                    billsec=60, disposition="answered", recordingfile="")
                for n, number in enumerate(("09129990000", "09129990001"))]
        # The import (and its hook) succeeds whatever the SMS decisions will do.
        self.assertEqual(self.env["crm.call"]._sales_panel_store_legs(source, legs), (2, 0))
        calls = self.env["crm.call"].search([("source_id", "=", source.id)], order="id")
        self.assertEqual(calls.partner_id, broken | good)
        third = self.env["crm.call"].create({
            "linkedid": "other-company", "partner_id": other.id, "user_id": self.agent_a1.id,
            "company_id": self.company_2.id, "direction": "incoming", "disposition": "answered",
            "start_date": start, "end_date": start + datetime.timedelta(minutes=1), "talk_seconds": 60})
        third._sales_panel_on_call_ended()
        records = self.env["crm.sms.after.call"].search([("call_id", "in", (calls | third).ids)])
        self.assertEqual(set(records.mapped("state")), {"pending"})
        with self.assertLogs(f"{MODULE_LOGGER}.models.crm_sms_after_call", "ERROR"), mute_logger("odoo.sql_db"):
            self.decide()
        state = {record.partner_id.name: record.state for record in records}
        self.assertEqual(state, {"Broken": "error", "Good": "queued", "Other company": "queued"})
        self.assertIn("The decision failed", records.filtered(lambda r: r.state == "error").reason)
        self.assertEqual(records.filtered(lambda r: r.partner_id == other).company_id, self.company_2)
        self.run_queue(20)
        self.assertEqual(sorted(r for r, _m in self.gateway.delivered), ["09129990001", "09129990002"])
        self.assertTrue(calls.exists() and third.exists())

    def test_noting_the_calls_cannot_fail_the_import(self):
        """Even the hook's own INSERT failing leaves the calls imported (its savepoint)."""
        self.env.cr.execute("ALTER TABLE crm_sms_after_call ADD CONSTRAINT test_no_record CHECK (false) NOT VALID")
        self.agent_a1.pbx_extension = "7101"
        source = self.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        legs = [Leg(uniqueid="n.1", linkedid="n.1", sequence=1, calldate=fields.Datetime.now(), src="09129990003",
                    dst="7101", clid="", channel="PJSIP/trunk-1", dstchannel="PJSIP/7101-0001", did="",
                    duration=70, billsec=60, disposition="answered", recordingfile="")]
        with self.assertLogs(f"{MODULE_LOGGER}.models.crm_call", "ERROR"), mute_logger("odoo.sql_db"):
            self.assertEqual(self.env["crm.call"]._sales_panel_store_legs(source, legs), (1, 0))
        call = self.env["crm.call"].search([("source_id", "=", source.id)])
        self.assertEqual(len(call), 1)
        self.assertFalse(self.record_of(call))
