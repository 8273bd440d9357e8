from odoo.tests import HttpCase, tagged

from .common import SmsCase


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
