import datetime

import pytz

from odoo import fields
from odoo.tests import tagged

from .common import SmsCase

TEHRAN = pytz.timezone("Asia/Tehran")


def tehran(days, hour, minute=0):
    """UTC naive datetime of ``hour:minute`` in Tehran, ``days`` from today."""
    day = datetime.date.today() + datetime.timedelta(days=days)
    local = TEHRAN.localize(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestSending(SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"

    def queued(self, partner=None, **kw):
        record = self.record_of(self.make_call(partner, **kw))
        self.assertEqual(record.state, "queued")
        return record, self.env["sms.sms"].search([("uuid", "=", record.sms_uuid)])

    def test_sent_once_after_the_delay(self):
        record, sms = self.queued()
        self.run_queue(0)
        self.assertFalse(self.gateway.received, "held for the delay after the call")
        self.run_queue(15)
        self.run_queue(16)
        self.assertEqual(self.gateway.delivered, [("09121234567", record.body)])
        self.assertEqual((sms.state, sms.to_delete, sms.sms_provider), ("pending", True, "Kavenegar"))
        self.assertTrue(sms.sms_provider_message_id)
        self.assertEqual((record.state, record.provider_message_id), ("sent", sms.sms_provider_message_id))
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(sms.sms_tracker_id.sms_provider_message_id, sms.sms_provider_message_id)

    def test_retry_after_5xx_then_success_sends_exactly_one(self):
        record, sms = self.queued()
        self.gateway.modes = ["5xx"]
        self.run_queue(15)
        self.assertEqual((sms.state, sms.sms_attempts), ("outgoing", 1))
        self.assertIn("502", sms.sms_provider_reason)
        self.assertEqual(record.state, "queued")
        next_try = sms.sms_next_try
        self.run_queue(at=next_try - datetime.timedelta(seconds=1))
        self.assertEqual(len(self.gateway.received), 1, "not before its next try")
        self.run_queue(at=next_try)
        self.run_queue(at=next_try + datetime.timedelta(minutes=30))
        self.assertEqual(len(self.gateway.received), 2)
        self.assertEqual(len(self.gateway.delivered), 1)
        self.assertEqual((sms.state, record.state), ("pending", "sent"))

    def test_provider_down_for_an_hour(self):
        records = [self.queued(self.env["res.partner"].create({
            "name": f"Down {n}", "mobile": f"0912000000{n}", "tier": "silver"}))[1] for n in range(3)]
        self.gateway.default = "5xx"
        start = fields.Datetime.now()
        for minute in range(15, 75, 5):
            self.run_queue(at=start + datetime.timedelta(minutes=minute))
        self.assertFalse(self.gateway.delivered)
        self.assertTrue(all(sms.state == "outgoing" and sms.sms_attempts >= 5 for sms in records))
        self.gateway.default = "badjson"  # back, but not answering JSON yet
        self.run_queue(at=start + datetime.timedelta(minutes=110))
        self.gateway.default = "ok"
        for minute in (140, 170, 200):
            self.run_queue(at=start + datetime.timedelta(minutes=minute))
        self.assertEqual(sorted(r for r, _m in self.gateway.delivered), ["09120000000", "09120000001", "09120000002"])
        self.assertEqual({sms.state for sms in records}, {"pending"})

    def test_gives_up_after_the_retry_window(self):
        self.company.sms_retry_hours = 1
        record, sms = self.queued()
        self.gateway.default = "5xx"
        self.run_queue(15)
        self.run_queue(at=fields.Datetime.now() + datetime.timedelta(minutes=90))
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertEqual(record.state, "error")
        self.assertIn("502", record.reason)

    def test_4xx_ends_in_error_with_the_reason(self):
        record, sms = self.queued()
        self.gateway.modes = ["4xx"]
        self.run_queue(15)
        self.run_queue(60)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
        self.assertEqual(sms.sms_provider_reason, "Kavenegar 411: گیرنده نامعتبر است")
        self.assertEqual((record.state, record.reason), ("error", sms.sms_provider_reason))
        notification = sms.mail_message_id.notification_ids
        self.assertEqual((notification.notification_status, notification.failure_type),
                         ("exception", "sms_number_format"))
        self.assertFalse(self.gateway.delivered)
        self.assertEqual(len(self.gateway.received), 1, "a permanent error is not retried")

    def test_invalid_key(self):
        self.company.sms_kavenegar_api_key = "revoked"
        _record, sms = self.queued()
        self.run_queue(15)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_acc"))
        self.assertIn("401", sms.sms_provider_reason)

    def test_blacklisted_after_queueing(self):
        record, sms = self.queued()
        self.env["phone.blacklist"].create({"number": "+989121234567"})
        self.run_queue(15)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_blacklist"))
        self.assertEqual(record.state, "error")
        self.assertFalse(self.gateway.received)

    def test_quiet_hours_hold_until_morning(self):
        self.company.write({"sms_quiet_start": 21.0, "sms_quiet_end": 8.0})
        late = tehran(1, 22, 30)
        call = self.env["crm.call"].with_context(sms_after_call_now=late).create({
            "linkedid": "late", "partner_id": self.contact.id, "user_id": self.agent_a1.id,
            "direction": "incoming", "disposition": "answered", "start_date": late,
            "end_date": late, "talk_seconds": 60})
        self.end_calls(call)
        record = self.record_of(call)
        self.assertEqual(record.scheduled_date, tehran(2, 8, 0))
        self.run_queue(at=tehran(1, 23, 0))
        self.run_queue(at=tehran(2, 7, 59))
        self.assertFalse(self.gateway.received)
        self.run_queue(at=tehran(2, 8, 0))
        self.assertEqual(len(self.gateway.delivered), 1)
        # Due before 21:00 but the queue reaches it after: held too, not sent at night.
        self.contact.tier = "silver"
        _record, sms = self.queued()
        sms.sms_next_try = tehran(3, 20, 50)
        self.run_queue(at=tehran(3, 21, 10))
        self.assertEqual((sms.state, sms.sms_next_try), ("outgoing", tehran(4, 8, 0)))
        self.assertEqual(len(self.gateway.received), 1)

    def test_one_off_text_from_the_contact_form(self):
        composer = self.env["sms.composer"].with_context(
            active_model="res.partner", active_id=self.contact.id).create({"body": "سلام، فاکتور ارسال شد"})
        composer.action_send_sms()
        # The user's request only queues it and wakes the queue job, which sends it.
        self.assertFalse(self.gateway.received)
        self.assertTrue(self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.env.ref("sms.ir_cron_sms_scheduler_action").id)]))
        self.run_queue()
        self.assertEqual(self.gateway.delivered, [("09121234567", "سلام، فاکتور ارسال شد")])
        message = self.contact.message_ids[:1]
        self.assertEqual((message.message_type, message.notification_ids.notification_status), ("sms", "pending"))

    def test_landline_is_not_sent(self):
        office = self.env["res.partner"].create({"name": "Office", "phone": "02188880000"})
        self.env["sms.composer"].with_context(active_model="res.partner", active_id=office.id).create(
            {"body": "Hello", "recipient_single_number_itf": "+982188880000"}).action_send_sms()
        self.run_queue()
        sms = self.env["sms.sms"].search([("number", "=", "+982188880000")])
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
        self.assertIn("landline", sms.sms_provider_reason)
        self.assertFalse(self.gateway.received)

    def test_http_gateway_and_iap_per_company(self):
        self.company.write({
            "sms_provider": "http", "sms_http_method": "POST",
            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}",
            "sms_http_success_pattern": r"OK id=(?P<id>\d+)"})
        record, sms = self.queued()
        self.run_queue(15)
        self.assertEqual((sms.state, sms.sms_provider), ("pending", "HTTP gateway"))
        self.assertEqual(self.gateway.delivered, [("09121234567", record.body)])
        # Odoo IAP: the stock code sends (IAP is out of reach in tests: its stock error).
        self.company.sms_provider = "iap"
        self.contact.tier = "bronze"
        _record, stock = self.queued()
        self.run_queue(15)
        self.assertEqual((stock.state, stock.failure_type, stock.sms_provider), ("error", "sms_server", False))
        self.assertEqual(len(self.gateway.received), 1)
