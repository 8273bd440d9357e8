from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import RpcMixin, SalesPanelCase


@tagged("post_install", "-at_install")
class TestRulesScreen(RpcMixin, HttpCase, SalesPanelCase):
    """Sales managers keep their company's rules themselves (issue 21), through the rules
    screen and only there: never another company's, never a setting of res.config.settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Company the manager is not in"})
        cls.manager_2 = new_test_user(
            cls.env, login="t_manager_c2", groups="crm_sales_base.group_manager", name="t_manager_c2",
            company_id=cls.company_2.id, company_ids=[Command.set(cls.company_2.ids)])
        cls.admin_user = new_test_user(
            cls.env, login="t_rules_admin", groups="base.group_user,base.group_system", name="t_rules_admin")
        Rules = cls.env["sales.panel.rules"]
        cls.rules = Rules._sales_panel_for(cls.company)
        cls.rules_2 = Rules._sales_panel_for(cls.company_2)

    def as_user(self, user):
        self.authenticate(user.login, user.login)

    def tracked(self, rules, field):
        """[(author login, old, new)] of the logged changes of ``field`` on ``rules``."""
        values = self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id.model", "=", rules._name), ("mail_message_id.res_id", "=", rules.id),
             ("field_id.name", "=", field)], order="id")
        return [(value.mail_message_id.author_id.user_ids[:1].login,
                 value.old_value_integer, value.new_value_integer) for value in values]

    def test_manager_opens_and_changes_the_rules_of_their_company(self):
        self.as_user(self.manager)
        action = self.make_jsonrpc_request("/web/action/run", {
            "action_id": self.env.ref("crm_sales_base.action_sales_panel_rules").id})
        self.assertEqual((action["res_model"], action["res_id"]), ("sales.panel.rules", self.rules.id))
        self.assertEqual(self.open_form(self.rules)["sales_panel_tier_days"], 365)
        self.rpc("sales.panel.rules", "web_save", self.rules.ids, {"sales_panel_tier_days": 90},
                 specification={"sales_panel_tier_days": {}})
        self.assertEqual(self.company.sales_panel_tier_days, 90, "one storage: the company's field")
        self.assertEqual(self.tracked(self.rules, "sales_panel_tier_days"), [("t_manager", 365, 90)])
        message = self.rules.message_ids.filtered("tracking_value_ids")
        self.assertTrue(message.date, "the log says when")

    def test_change_log_readable_by_managers(self):
        """The chatter of the rules screen shows a manager who changed what, when."""
        self.as_user(self.manager)
        self.rpc("sales.panel.rules", "write", self.rules.ids, {"sales_panel_tier_days": 30})
        answer = self.make_jsonrpc_request("/mail/thread/messages", {
            "thread_model": "sales.panel.rules", "thread_id": self.rules.id})
        messages = answer["data"]["mail.message"]
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages[0]["author"], {"id": self.manager.partner_id.id, "type": "partner"})
        self.assertTrue(messages[0]["date"])
        self.assertEqual([(value["fieldName"], value["oldValue"]["value"], value["newValue"]["value"])
                          for value in messages[0]["trackingValues"]],
                         [("sales_panel_tier_days", 365, 30)])
        self.assertTrue(messages[0]["trackingValues"][0]["changedField"], "named as the screen names it")

    def test_rules_written_elsewhere_are_logged_too(self):
        """An administrator writing the company's field (RPC, import) goes through the
        rules record: the change is in the same log."""
        self.as_user(self.admin_user)
        self.rpc("res.company", "write", self.company.ids, {"sales_panel_tier_days": 200, "sequence": 7})
        self.assertEqual((self.company.sales_panel_tier_days, self.company.sequence), (200, 7))
        self.assertEqual(self.tracked(self.rules, "sales_panel_tier_days"), [("t_rules_admin", 365, 200)])

    def test_agent_cannot_change_a_rule(self):
        self.as_user(self.agent_a1)
        for model, ids in (("sales.panel.rules", self.rules.ids), ("res.company", self.company.ids)):
            self.assertEqual(self.rpc_error(model, "write", ids, {"sales_panel_tier_days": 1}),
                             "odoo.exceptions.AccessError", model)
        self.assertEqual(self.rpc_error("sales.panel.rules", "read", self.rules.ids, ["sales_panel_tier_days"]),
                         "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self.make_jsonrpc_request("/web/action/run", {
                "action_id": self.env.ref("crm_sales_base.action_sales_panel_rules").id})
        self.assertIn("AccessError", str(caught.exception))
        self.assertEqual(self.company.sales_panel_tier_days, 365)
        self.assertFalse(self.tracked(self.rules, "sales_panel_tier_days"))

    def test_manager_cannot_change_another_companys_rules(self):
        self.as_user(self.manager)
        for model, ids in (("sales.panel.rules", self.rules_2.ids), ("res.company", self.company_2.ids)):
            self.assertEqual(self.rpc_error(model, "write", ids, {"sales_panel_tier_days": 1}),
                             "odoo.exceptions.AccessError", model)
        # Nor by moving their own company's rules to the other company.
        self.assertEqual(self.rpc_error("sales.panel.rules", "write", self.rules.ids,
                                        {"company_id": self.company_2.id}), "odoo.exceptions.UserError")
        # Asking for the other company in the context does not make it theirs.
        self.assertIn("AccessError", self.rpc_error(
            "sales.panel.rules", "write", self.rules_2.ids, {"sales_panel_tier_days": 1},
            context={"allowed_company_ids": [self.company_2.id]}))
        self.assertEqual(self.company_2.sales_panel_tier_days, 365)
        self.assertEqual(self.rules.company_id, self.company)
        # The manager of the other company sees their own rules only.
        self.as_user(self.manager_2)
        self.assertEqual(self.rpc("sales.panel.rules", "search", []), self.rules_2.ids)

    def test_manager_cannot_write_settings(self):
        """res.config.settings' execute() writes any module's settings: not the managers'."""
        settings = self.env["res.config.settings"].create({})
        self.as_user(self.manager)
        self.assertEqual(self.rpc_error("res.config.settings", "create", {"sales_panel_phone_country_id": False}),
                         "odoo.exceptions.AccessError")
        self.assertEqual(self.rpc_error("res.config.settings", "execute", settings.ids),
                         "odoo.exceptions.AccessError")
        self.assertTrue(self.company.sales_panel_phone_country_id)

    def test_one_rules_record_per_company(self):
        Rules = self.env["sales.panel.rules"]
        self.assertEqual(Rules._sales_panel_for(self.company), self.rules)
        new_company = self.env["res.company"].create({"name": "New company"})
        self.assertEqual(Rules._sales_panel_for(self.company | new_company).company_id, self.company | new_company)
        self.assertEqual(Rules.search_count([("company_id", "=", new_company.id)]), 1)
        self.assertIn("sales_panel_tier_days", Rules._sales_panel_rule_fields())
        self.assertNotIn("currency_id", Rules._sales_panel_rule_fields())
