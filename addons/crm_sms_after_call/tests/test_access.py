from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_sales_base.tests.common import RolesMixin, outside_user

from .common import RpcMixin, SmsCase


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


@tagged("post_install", "-at_install")
class TestRightsOverRpc(RolesMixin, RpcMixin, HttpCase, SmsCase):
    """Buttons are RPCs anyone logged in can call: the server checks who calls them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact.tier = "gold"
        cls.portal = outside_user(cls.env, "portal", "sms")
        cls.admin_user = new_test_user(cls.env, login="t_sms_admin", groups="base.group_system,base.group_user",
                                       name="t_sms_admin")
        cls.company_2 = cls.env["res.company"].create({"name": "Company the admin is not in"})

    def test_delivery_report_token(self):
        token = self.company.sms_callback_token
        settings = self.env["res.config.settings"].create({})
        for user in (self.portal, self.agent_a1, self.manager):
            for model, ids in (("res.company", self.company.ids), ("res.config.settings", settings.ids)):
                answer = self.rpc(user, model, "action_sms_new_callback_token", [ids])
                self.assertEqual(answer, "refused: odoo.exceptions.AccessError", (user.login, model))
        self.assertEqual(self.company.sms_callback_token, token)
        token_2 = self.company_2.sms_callback_token
        self.assertEqual(self.rpc(self.admin_user, "res.company", "action_sms_new_callback_token",
                                  [self.company_2.ids]), "refused: odoo.exceptions.AccessError", "not their company")
        self.assertEqual(self.company_2.sms_callback_token, token_2)
        self.assertTrue(self.rpc(self.admin_user, "res.company", "action_sms_new_callback_token", [self.company.ids]))
        self.assertNotEqual(self.company.sms_callback_token, token)

    def test_gateway_settings_for_system_administrators(self):
        for user in (self.portal, self.agent_a1, self.manager):
            for field in ("sms_kavenegar_api_key", "sms_http_url", "sms_http_success_pattern",
                          "sms_callback_token", "sms_sender"):
                answer = self.rpc(user, "res.company", "read", [self.company.ids, [field]])
                self.assertEqual(answer, "refused: odoo.exceptions.AccessError", (user.login, field))
        self.assertEqual(self.rpc(self.admin_user, "res.company", "read", [self.company.ids, ["sms_kavenegar_api_key"]]),
                         [{"id": self.company.id, "sms_kavenegar_api_key": "good-key"}])

    def test_sms_queue_methods(self):
        record = self.record_of(self.make_call())
        sms = self.sms_of(record)
        calls = [("action_set_outgoing", []), ("action_set_canceled", []), ("action_set_error", ["sms_server"]),
                 ("send", []), ("resend_failed", []), ("action_sms_confirm_sent", []),
                 ("action_sms_confirm_not_sent", [])]
        for user in (self.portal, self.agent_a1, self.manager):
            for method, args in calls:
                answer = self.rpc(user, "sms.sms", method, [sms.ids, *args])
                self.assertEqual(answer, "refused: odoo.exceptions.AccessError", (user.login, method))
        self.assertEqual(sms.state, "outgoing")
        self.assertFalse(self.gateway.received)

    def test_settling_an_unknown_sms(self):
        self.company.write({
            "sms_provider": "http", "sms_http_method": "GET",
            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}"})
        record = self.record_of(self.make_call())
        self.gateway.modes = ["5xx"]
        with mute_logger("odoo.addons.crm_sms_after_call"):
            self.run_queue(15)
        self.assertEqual(record.state, "unknown")
        for user in (self.portal, self.agent_a1, self.sup_a):
            for method in ("action_sms_confirm_sent", "action_sms_confirm_not_sent"):
                answer = self.rpc(user, "crm.sms.after.call", method, [record.ids])
                self.assertEqual(answer, "refused: odoo.exceptions.AccessError", (user.login, method))
        self.assertEqual(record.state, "unknown")
        self.assertTrue(self.rpc(self.manager, "crm.sms.after.call", "action_sms_confirm_sent", [record.ids]))
        self.assertEqual(record.state, "sent")
        self.assertEqual(len(self.gateway.received), 1)

    def test_settling_an_unknown_sms_by_custom_roles(self):
        """Settling an SMS of unknown outcome is the SMS section at "all" (#18), whichever
        role gives it: over RPC, the holder of a custom role with the SMS at "own" is
        refused on its own SMS (which it reads); the holder of a custom role with the SMS at
        "all" (and its own contacts, as every role) settles it, sent or not sent."""
        seller = self.role_user("t_sms_own", self.make_role("SMS own", sms="own", calls="own", contacts="own"))
        keeper = self.role_user("t_sms_keeper", self.make_role("SMS keeper", sms="all", contacts="own"))
        self.company.write({
            "sms_provider": "http", "sms_http_method": "GET",
            "sms_http_url": self.gateway.url + "/send?to={to_national}&text={message}"})
        other = self.env["res.partner"].create({"name": "Second caller", "mobile": "0912 765 4321", "tier": "gold",
                                                "user_id": self.agent_a1.id})
        sent, not_sent = (self.record_of(self.make_call(partner, agent=seller)) for partner in (self.contact, other))
        self.assertEqual((sent | not_sent).user_id, seller)
        self.gateway.modes = ["5xx", "5xx"]
        with mute_logger("odoo.addons.crm_sms_after_call"):
            self.run_queue(15)
        self.assertEqual((sent.state, not_sent.state), ("unknown", "unknown"))
        self.assertEqual(self.rpc(seller, "crm.sms.after.call", "read", [sent.ids, ["state"]]),
                         [{"id": sent.id, "state": "unknown"}], "the seller reads its SMS")
        for method in ("action_sms_confirm_sent", "action_sms_confirm_not_sent"):
            self.assertEqual(self.rpc(seller, "crm.sms.after.call", method, [sent.ids]),
                             "refused: odoo.exceptions.AccessError", method)
        self.assertEqual((sent.state, not_sent.state), ("unknown", "unknown"))
        self.assertIs(self.rpc(keeper, "crm.sms.after.call", "action_sms_confirm_sent", [sent.ids]), True)
        self.assertIs(self.rpc(keeper, "crm.sms.after.call", "action_sms_confirm_not_sent", [not_sent.ids]), True)
        self.assertEqual((sent.state, not_sent.state), ("sent", "queued"))
        self.assertIn("t_sms_keeper", self.sms_of(sent).sms_provider_reason, "confirmed by the keeper")
        self.run_queue(16)
        self.assertEqual((sent.state, not_sent.state), ("sent", "sent"))
        self.assertEqual(len(self.gateway.received), 3, "the one not sent is sent again, the sent one never")
