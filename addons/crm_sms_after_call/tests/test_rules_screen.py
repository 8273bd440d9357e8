import json

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin

from .common import SmsCase


@tagged("post_install", "-at_install")
class TestSmsRules(RpcMixin, HttpCase, SmsCase):
    """Quiet hours, talk time and retries are managers' rules (issue 21); the gateway's key,
    URL, sender and delivery report token stay administrators': a manager sees which gateway,
    whether it is set and whether it works."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules = cls.env["sales.panel.rules"]._sales_panel_for(cls.company)

    def test_manager_sees_the_gateway_state_never_its_secrets(self):
        failed = self.record_of(self.make_call())
        failed.write({"state": "error", "reason": "Gateway answered 401"})
        self.authenticate(self.manager.login, self.manager.login)
        form = self.open_form(self.rules)
        self.assertEqual(
            {name: form[name] for name in ("sms_provider", "sms_gateway_set", "sms_report_token_set",
                                           "sms_last_error")},
            {"sms_provider": "kavenegar", "sms_gateway_set": True, "sms_report_token_set": True,
             "sms_last_error": "Gateway answered 401"})
        self.assertTrue(form["sms_last_error_date"])
        shown = json.dumps(form)
        for secret in ("good-key", self.company.sms_callback_token, "10004346", self.gateway.url):
            self.assertNotIn(secret, shown)
        for field in ("sms_kavenegar_api_key", "sms_callback_token", "sms_http_url"):
            self.assertEqual(self.rpc_error("res.company", "read", self.company.ids, [field]),
                             "odoo.exceptions.AccessError", field)
        # Unset: said so.
        self.company.sudo().sms_kavenegar_api_key = False
        self.assertFalse(self.open_form(self.rules)["sms_gateway_set"])

    def test_manager_changes_quiet_hours(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("sales.panel.rules", "write", self.rules.ids,
                 {"sms_quiet_start": 22.5, "sms_quiet_end": 7.0, "sms_min_talk_seconds": 20})
        self.assertEqual((self.company.sms_quiet_start, self.company.sms_quiet_end,
                          self.company.sms_min_talk_seconds), (22.5, 7.0, 20))
        self.assertEqual(self.rpc_error("sales.panel.rules", "write", self.rules.ids, {"sms_quiet_start": 25.0}),
                         "odoo.exceptions.ValidationError")
        self.assertEqual(self.rpc_error("sales.panel.rules", "write", self.rules.ids, {"sms_retry_hours": -1}),
                         "odoo.exceptions.ValidationError")
        self.assertEqual(self.company.sms_quiet_start, 22.5)
        # The rules screen shows the gateway, it does not change it.
        self.rpc("sales.panel.rules", "write", self.rules.ids, {"sms_provider": "http"})
        self.assertEqual(self.company.sms_provider, "kavenegar")

    def test_agent_cannot_change_sms_rules(self):
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertEqual(self.rpc_error("sales.panel.rules", "write", self.rules.ids, {"sms_quiet_start": 1.0}),
                         "odoo.exceptions.AccessError")
        self.assertEqual(self.company.sms_quiet_start, 0.0)
