import importlib.util
import os

from odoo.tests import TransactionCase, tagged

from ..lib import providers
from .common import SmsCase


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_depends_on_the_suite_only_downwards(self):
        """The addon is installed with the dependencies of the architecture map."""
        module = self.env["ir.module.module"].search([("name", "=", "crm_sms_after_call")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(
            sorted(module.dependencies_id.mapped("name")), ['crm_voip_bridge', 'sms']
        )


def post_migrate_18_0_1_2_0():
    """The migration script, loaded as Odoo's upgrade loads it (its name is no module name)."""
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations", "18.0.1.2.0", "post-migrate.py")
    spec = importlib.util.spec_from_file_location("crm_sms_after_call_post_migrate_18_0_1_2_0", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@tagged("post_install", "-at_install")
class TestUpgrade(SmsCase):
    def test_upgrade_keeps_http_gateways_without_a_pattern_sending(self):
        """Before 18.0.1.1.0 an HTTP gateway with no success pattern took any non-empty 2xx
        answer: the upgrade writes that down instead of applying the default pattern. It
        also gives trackers their SMS's company and gateway, which reports match on."""
        self.company.write({"sms_provider": "http", "sms_http_success_pattern": False,
                            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}"})
        other = self.env["res.company"].create({"name": "Kavenegar company", "sms_provider": "kavenegar",
                                                "sms_http_success_pattern": False})
        self.contact.tier = "gold"
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        sms.write({"sms_provider": "HTTP gateway"})
        tracker = self.env["sms.tracker"].search([("sms_uuid", "=", sms.uuid)])
        tracker.write({"sms_company_id": False, "sms_provider": False})  # as written before
        self.env.flush_all()
        post_migrate_18_0_1_2_0().migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(self.company.sms_http_success_pattern, r"\S")
        self.assertFalse(other.sms_http_success_pattern, "not an HTTP gateway")
        self.assertEqual((tracker.sms_company_id, tracker.sms_provider), (self.company, "HTTP gateway"))
        self.assertEqual(self.company._sms_client().send("+989121234567", "x").outcome, providers.SENT,
                         "any non-empty answer, as before")
