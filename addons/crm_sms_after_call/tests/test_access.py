from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SmsCase


@tagged("post_install", "-at_install")
class TestAccess(SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"

    def test_who_sees_which_sms_after_calls(self):
        mine = self.record_of(self.make_call(agent=self.agent_a1))
        other = self.env["res.partner"].create({"name": "B's", "mobile": "09125550000", "tier": "silver"})
        theirs = self.record_of(self.make_call(other, agent=self.agent_b1))
        theirs.team_id = self.team_b
        Record = self.env["crm.sms.after.call"]
        both = mine | theirs
        self.assertEqual(Record.with_user(self.agent_a1).search([("id", "in", both.ids)]), mine)
        self.assertFalse(Record.with_user(self.agent_a2).search([("id", "in", both.ids)]))
        self.assertEqual(Record.with_user(self.sup_a).search([("id", "in", both.ids)]), mine)
        self.assertEqual(Record.with_user(self.manager).search([("id", "in", both.ids)]), both)
        with self.assertRaises(AccessError):
            mine.with_user(self.agent_a1).write({"state": "sent"})
        # The agent reads its record (the text, the status), not the SMS record behind it.
        self.assertEqual(mine.with_user(self.agent_a1).body, mine.body)

    def test_credentials_for_system_administrators_only(self):
        company = self.company.with_user(self.manager)
        self.assertEqual(company.sms_provider, "kavenegar")
        for field in ("sms_kavenegar_api_key", "sms_http_url", "sms_callback_token"):
            with self.assertRaises(AccessError, msg=field):
                company.read([field])
        self.assertNotIn("sms_kavenegar_api_key", self.env["res.company"].with_user(self.manager).fields_get())

    def test_kinds_editable_by_managers_only(self):
        gold = self.kinds["gold"]
        gold.with_user(self.manager).delay_minutes = 3
        self.assertEqual(gold.with_user(self.agent_a1).delay_minutes, 3)
        with self.assertRaises(AccessError):
            gold.with_user(self.agent_a1).delay_minutes = 0
