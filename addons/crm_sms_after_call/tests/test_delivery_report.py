import datetime
import logging

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SmsCase
from .gateway import Gateway


@tagged("post_install", "-at_install")
class TestDeliveryReport(HttpCase, SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"

    def report(self, token, **params):
        url = f"/sms_after_call/report/{self.company.id}/{token}"
        return self.url_open(url, data=params, allow_redirects=False)

    def test_token_checked_and_reports_applied(self):
        record = self.record_of(self.make_call())
        sms = self.env["sms.sms"].search([("uuid", "=", record.sms_uuid)])
        self.run_queue(15)
        message_id = record.provider_message_id
        self.assertTrue(message_id)

        wrong = self.report("not-the-token", messageid=message_id, status="10")
        self.assertEqual(wrong.status_code, 403)
        self.assertEqual(record.state, "sent")
        self.assertEqual(self.report(self.company.sms_callback_token, status="10").status_code, 400)

        ok = self.report(self.company.sms_callback_token, messageid=message_id, status="10")
        self.assertEqual((ok.status_code, ok.text), (200, "OK"))
        self.env.invalidate_all()
        self.assertEqual((record.state, sms.state), ("delivered", "sent"))
        self.assertEqual(sms.mail_message_id.notification_ids.notification_status, "sent")
        self.assertTrue(self.company._sms_callback_url().endswith(
            f"/sms_after_call/report/{self.company.id}/{self.company.sms_callback_token}"))

    def test_token_kept_out_of_the_access_log(self):
        token = self.company.sms_callback_token
        with self.assertLogs("werkzeug", logging.INFO) as logs:
            self.report(token, messageid="999", status="10")
        self.assertIn(f"/sms_after_call/report/{self.company.id}/***", "\n".join(logs.output))
        self.assertNotIn(token, "\n".join(logs.output))

    def test_undelivered(self):
        record = self.record_of(self.make_call())
        self.run_queue(15)
        response = self.report(self.company.sms_callback_token, messageid=record.provider_message_id,
                               status="11")
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(record.state, "error")
        self.assertIn("not delivered", record.reason)
        unknown = self.report(self.company.sms_callback_token, messageid="999", status="10")
        self.assertEqual(unknown.status_code, 200, "acknowledged, so that the provider stops")


@tagged("post_install", "-at_install")
class TestReportsWithinOneGateway(HttpCase, SmsCase):
    """Message ids repeat: across companies' gateways, and within a GSM box after a reboot.
    A report changes the SMS of its own company and gateway, the one still on its way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"
        cls.gateway_2 = Gateway().start()
        cls.addClassCleanup(cls.gateway_2.stop)
        cls.company_2 = cls.env["res.company"].create({
            "name": "Second SMS company", "sms_provider": "kavenegar", "sms_kavenegar_api_key": "good-key",
            "sms_kavenegar_url": cls.gateway_2.url, "sms_quiet_start": 0.0, "sms_quiet_end": 0.0})

    def report(self, company, **params):
        url = f"/sms_after_call/report/{company.id}/{company.sms_callback_token}"
        response = self.url_open(url, data=params, allow_redirects=False)
        self.env.invalidate_all()
        return response

    def test_two_companies_same_message_id(self):
        mine = self.record_of(self.make_call(self.env["res.partner"].create(
            {"name": "First", "mobile": "09121110001", "tier": "gold"})))
        partner_2 = self.env["res.partner"].create({"name": "Second", "mobile": "09121110002", "tier": "gold"})
        now = fields.Datetime.now()
        call_2 = self.env["crm.call"].create({
            "linkedid": "company-2", "partner_id": partner_2.id, "company_id": self.company_2.id,
            "direction": "incoming", "disposition": "answered", "talk_seconds": 60,
            "start_date": now - datetime.timedelta(minutes=2), "end_date": now})
        theirs = self.record_of(self.end_calls(call_2))
        self.run_queue(15)
        self.assertEqual((mine.provider_message_id, theirs.provider_message_id), ("8000000", "8000000"))
        self.assertEqual(self.report(self.company_2, messageid="8000000", status="10").status_code, 200)
        self.assertEqual((mine.state, theirs.state), ("sent", "delivered"))
        self.assertEqual(self.sms_of(mine).mail_message_id.notification_ids.notification_status, "pending")
        self.assertEqual(self.sms_of(theirs).mail_message_id.notification_ids.notification_status, "sent")

    def test_gsm_box_counts_again_after_a_reboot(self):
        self.company.write({
            "sms_provider": "http", "sms_http_method": "POST",
            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}",
            "sms_http_success_pattern": r"^OK id=(?P<id>\d+)"})
        before = self.record_of(self.make_call())
        self.run_queue(15)
        self.assertEqual(before.provider_message_id, "100")
        self.report(self.company, id="100", status="delivered")
        self.assertEqual(before.state, "delivered")
        self.gateway.delivered.clear()  # the box reboots: its ids start again
        self.contact.tier = "silver"
        after = self.record_of(self.make_call())
        self.run_queue(30)
        self.assertEqual(after.provider_message_id, "100")
        self.report(self.company, id="100", status="failed")
        self.assertEqual((before.state, after.state), ("delivered", "error"))
        self.assertEqual(self.sms_of(before).mail_message_id.notification_ids.notification_status, "sent")

    def test_report_of_an_sms_sent_before_the_upgrade(self):
        """A tracker written before trackers carried their company and gateway (its SMS
        garbage-collected since) still gets its delivery report."""
        record = self.record_of(self.make_call())
        self.run_queue(15)
        sms = self.sms_of(record)
        notification = sms.mail_message_id.notification_ids
        tracker = self.env["sms.tracker"].search([("sms_uuid", "=", sms.uuid)])
        tracker.write({"sms_company_id": False, "sms_provider": False})
        sms.unlink()
        self.assertEqual(self.report(self.company, messageid=record.provider_message_id, status="10").status_code, 200)
        self.assertEqual((record.state, notification.notification_status), ("delivered", "sent"))

    def test_report_settles_an_unknown_send_by_our_id(self):
        self.company.write({
            "sms_provider": "http", "sms_http_method": "POST",
            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}&uid={uid}",
            "sms_http_success_pattern": r"^OK id=(?P<id>\d+)"})
        record = self.record_of(self.make_call())
        self.gateway.modes = ["stall"]
        with mute_logger("odoo.addons.crm_sms_after_call"):
            self.run_queue(15, sms_after_call_timeout=(1, 0.3))
        self.assertEqual(record.state, "unknown")
        self.report(self.company, uid=str(self.sms_of(record).id), status="delivered")
        self.assertEqual(record.state, "delivered")
        # An id beyond PostgreSQL's integers is an unknown id, not a server error.
        for uid in (str(2**31), "9" * 30):
            answer = self.report(self.company, uid=uid, status="delivered")
            self.assertEqual((answer.status_code, answer.text), (200, "OK"), uid)
        # Another company's token cannot settle it.
        self.assertEqual(self.url_open(f"/sms_after_call/report/{self.company_2.id}/{self.company.sms_callback_token}",
                                       data={"uid": "1", "status": "10"}).status_code, 403)
