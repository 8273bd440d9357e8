from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin

from .common import SmsCase


@tagged("post_install", "-at_install")
class TestSmsKindChangeLog(RpcMixin, HttpCase, SmsCase):
    """Every change of an SMS text or its rules is kept with who and when (issue 21)."""

    def test_sms_kind_change_logged_with_author_and_values(self):
        kind = self.env["crm.sms.kind"].create({
            "name": "Gold (test)", "kind": "gold", "company_id": self.company.id,
            "body": "Dear {name}, thank you.", "delay_minutes": 5})
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("crm.sms.kind", "write", kind.ids, {"delay_minutes": 10, "body": "{name}, see you soon."})
        [(author, date, changes)] = self.change_log(kind)
        self.assertEqual(author, self.manager.partner_id.id)
        self.assertTrue(date, "the log says when")
        self.assertEqual(sorted(changes), [("body", "Dear {name}, thank you.", "{name}, see you soon."),
                                           ("delay_minutes", 5, 10)])
