import json

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin, SalesPanelCase

NEXT_STEP_FIELDS = ("sales_panel_next_step_incoming", "sales_panel_next_step_outgoing",
                    "sales_panel_next_step_unanswered")


@tagged("post_install", "-at_install")
class TestCallRules(RpcMixin, HttpCase, SalesPanelCase):
    """Successful calls and the figures' timezone are managers' rules (issue 21); the PBX's
    credentials stay administrators': a manager sees whether they are set and work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules = cls.env["sales.panel.rules"]._sales_panel_for(cls.env.company)
        Source = cls.env["crm.cdr.source"]
        cls.source = Source.create({
            "name": "FreePBX", "kind": "mysql", "host": "127.0.0.1", "login": "cdr",
            "password": "cdr-db-password", "recording_mode": "url",
            "recording_url": "https://pbx.example/monitor/{file}", "recording_login": "rec",
            "recording_password": "recording-password", "last_error": "Connection refused"})
        cls.half_set = Source.create({"name": "Master.csv", "kind": "csv"})
        cls.pbx = cls.env["crm.pbx.server"].create({
            "name": "Asterisk", "host": "127.0.0.1", "username": "sales-panel", "secret": "ami-secret-value",
            "state": "login_refused", "last_error": "Authentication failed",
            "heartbeat_date": fields.Datetime.now()})  # the service runs: its state is shown

    def test_manager_sees_connections_set_and_working_never_their_secrets(self):
        self.authenticate(self.manager.login, self.manager.login)
        form = self.open_form(self.rules)
        sources = {row["name"]: row for row in form["cdr_source_ids"] if row["name"] in ("FreePBX", "Master.csv")}
        self.assertEqual({name: (row["has_credentials"], row["last_error"]) for name, row in sources.items()}, {
            "FreePBX": (True, "Connection refused"), "Master.csv": (False, False)})
        servers = {row["name"]: row for row in form["pbx_server_ids"] if row["name"] == "Asterisk"}
        self.assertEqual({name: (row["has_secret"], row["service_state"], row["last_error"])
                          for name, row in servers.items()},
                         {"Asterisk": (True, "login_refused", "Authentication failed")})
        shown = json.dumps(form)
        for secret in ("password", "ami-secret-value", "sales-panel"):
            self.assertNotIn(secret, shown)
        for field in ("password", "recording_password", "login", "host"):
            self.assertEqual(self.rpc_error("crm.cdr.source", "read", self.source.ids, [field]),
                             "odoo.exceptions.AccessError", field)
        for field in ("secret", "username", "host"):
            self.assertEqual(self.rpc_error("crm.pbx.server", "read", self.pbx.ids, [field]),
                             "odoo.exceptions.AccessError", field)

    def test_manager_changes_successful_seconds_and_timezone(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("sales.panel.rules", "write", self.rules.ids,
                 {"sales_panel_successful_seconds": 45, "sales_panel_timezone": "Asia/Dubai"})
        company = self.env.company
        self.assertEqual((company.sales_panel_successful_seconds, company.sales_panel_timezone), (45, "Asia/Dubai"))
        # A timezone nobody knows would break every figure: refused with a clear error.
        self.assertEqual(self.rpc_error("sales.panel.rules", "write", self.rules.ids,
                                        {"sales_panel_timezone": "Tehran"}), "odoo.exceptions.ValidationError")
        self.assertEqual(company.sales_panel_timezone, "Asia/Dubai")

    def test_agent_cannot_change_call_rules(self):
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertEqual(self.rpc_error("sales.panel.rules", "write", self.rules.ids,
                                        {"sales_panel_successful_seconds": 1}), "odoo.exceptions.AccessError")
        self.assertEqual(self.env.company.sales_panel_successful_seconds, 30)

    def test_next_step_rule_kept_on_the_rules_screen_only(self):
        """Which calls ask for a next step is set in one place: the managers' rules screen,
        not a second copy in the administrators' Settings."""
        self.authenticate(self.manager.login, self.manager.login)
        form = self.open_form(self.rules)
        self.assertEqual([form[name] for name in NEXT_STEP_FIELDS], [True, True, False])
        self.rpc("sales.panel.rules", "write", self.rules.ids, {"sales_panel_next_step_unanswered": True})
        self.assertTrue(self.env.company.sales_panel_next_step_unanswered)
        self.authenticate("admin", "admin")
        settings = self.rpc("res.config.settings", "get_views", views=[[False, "form"]], options={})
        arch = settings["views"]["form"]["arch"]
        self.assertIn("sales_panel_cdr_log_days", arch, "the Calls section of Settings is still there")
        for name in NEXT_STEP_FIELDS:
            self.assertNotIn(name, arch)
            self.assertNotIn(name, self.env["res.config.settings"]._fields)
