from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import AccessMatrixCase
from odoo.addons.crm_sales_base.tests.common import RolesMixin

TARGETS_MENU = "crm_alerts.menu_sales_targets"
HOME_MENU = "crm_alerts.menu_sales_panel_root"
REPORT_MENU = "crm_alerts.menu_crm_alert_report"


@tagged("post_install", "-at_install")
class TestAlertSections(RolesMixin, AccessMatrixCase):
    """The sections "alerts and targets" and "manager report" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_role_user()
        Target = cls.env["crm.sales.target"]
        cls.target_own = Target.create({"user_id": cls.caller.id, "weekly_count": 1})
        cls.target_b1 = Target.create({"user_id": cls.agent_b1.id, "weekly_count": 1})
        cls.target_team_b = Target.create({"team_id": cls.team_b.id, "weekly_count": 1})
        cls.target_a1 = Target.create({"user_id": cls.agent_a1.id, "weekly_count": 1})

    def test_targets_at_each_level(self):
        targets = self.target_own | self.target_b1 | self.target_team_b | self.target_a1
        self.assert_levels(self.role, "alerts", self.caller, targets, {
            "off": None,
            "own": self.target_own,
            "team": self.target_own | self.target_b1 | self.target_team_b,
            "all": targets,
        }, menus={
            HOME_MENU: {"off": False, "own": True, "team": True, "all": True},
            TARGETS_MENU: {"off": False, "own": False, "team": True, "all": True},
        })
        # The agent home shows the day's calls beside the alerts: both sections open it.
        self.role.sales_panel_section_calls = "own"
        self.role.sales_panel_section_alerts = "off"
        self.assertEqual(self.outcome("caller", "res.users", "sales_panel_home"), "-")
        self.role.sales_panel_section_alerts = "own"
        self.assertEqual(self.outcome("caller", "res.users", "sales_panel_home"), "+")

    def test_report_at_each_level(self):
        self.role.sales_panel_section_report = "team"
        self.assertTrue(self.menus_of(self.caller, REPORT_MENU)[REPORT_MENU])
        report = self.env["crm.alert.report"].with_user(self.caller).create({"group_by": "team"})
        self.assertEqual(report._sales_panel_scope()[1], self.team_b.ids)  # the teams the caller leads
        url = f"/crm_alerts/report/{report.id}/xlsx"
        self.assertEqual(self.fetch("caller", url), 200)
        self.role.sales_panel_section_report = "all"
        self.assertIsNone(report._sales_panel_scope()[1])  # every team
        self.role.sales_panel_section_report = "off"
        self.assertFalse(self.menus_of(self.caller, REPORT_MENU)[REPORT_MENU])
        self.assertEqual(self.fetch("caller", url), 403)
        self.assertEqual(self.outcome("caller", "crm.alert.report", "create", [{"group_by": "team"}]), "-")
        self.assertEqual(self.outcome("caller", "crm.alert.report", "action_show", [report.ids]), "-")

    def test_shipped_roles_menus(self):
        self.assertEqual(
            self.shipped_menus(HOME_MENU, TARGETS_MENU, REPORT_MENU),
            {"agent": {HOME_MENU: True, TARGETS_MENU: False, REPORT_MENU: False},
             "marketer": {HOME_MENU: True, TARGETS_MENU: False, REPORT_MENU: False},
             "supervisor": {HOME_MENU: True, TARGETS_MENU: True, REPORT_MENU: True},
             "manager": {HOME_MENU: True, TARGETS_MENU: True, REPORT_MENU: True}})

    def test_manager_without_alerts(self):
        """A manager whose roles do not open the alerts (#18), by a custom role or the
        shipped Manager role with the section off: targets, alert results and the rules'
        keeping refused over RPC; who has the section at "all" keeps them."""
        rule = self.env["crm.alert.rule"].create({"name": "Few calls", "metric": "calls", "threshold": 5,
                                                  "message": "{name}: {value}"})
        self.manager_role_without("report", "t_keeper")
        self.assertEqual({
            "targets": self.outcome("keeper", "crm.sales.target", "create", [{"user_id": self.agent_a2.id,
                                                                              "weekly_count": 2}]),
            "rule": self.outcome("keeper", "crm.alert.rule", "write", [rule.ids, {"threshold": 6}]),
        }, {"targets": "+", "rule": "+"})
        self.manager_role_without("alerts", "t_boss")
        self.switch_off_for_managers("alerts")
        for role in ("boss", "manager"):
            self.assertEqual({
                "targets": self.outcome(role, "crm.sales.target", "search", [[]]),
                "target": self.outcome(role, "crm.sales.target", "read", [self.target_a1.ids, ["weekly_count"]]),
                "results": self.outcome(role, "crm.alert.result", "search", [[]]),
                "rule": self.outcome(role, "crm.alert.rule", "write", [rule.ids, {"threshold": 6}]),
                "home": self.outcome(role, "res.users", "sales_panel_home"),
            }, dict.fromkeys(("targets", "target", "results", "rule", "home"), "-"), role)

    def test_default_audience_is_the_alerts_section(self):
        """A rule without groups nor users speaks to everyone whose role opens the alerts and
        who sells (the quotations section): not to marketers (the shipped Marketer role)."""
        rule = self.env["crm.alert.rule"].create({"name": "Few calls", "metric": "calls", "threshold": 5,
                                                  "message": "{name}: {value}"})
        self.assertNotIn(self.caller, rule._audience(self.env.company))
        self.role.sales_panel_section_alerts = "own"
        self.assertNotIn(self.caller, rule._audience(self.env.company), "alerts without quotations: a marketer")
        self.role.sales_panel_section_quotations = "own"
        self.assertIn(self.caller, rule._audience(self.env.company))
        self.assertIn(self.agent_a1, rule._audience(self.env.company))
        self.env.ref("crm_sales_base.role_agent").sales_panel_section_alerts = "off"
        self.assertNotIn(self.agent_a1, rule._audience(self.env.company))

    def test_home_action_by_alerts_level(self):
        """The web client's home (its session) follows the alerts section's level of a
        custom role: the agent home at "own" and "my teams", Odoo's own home at "all" (who
        sees everyone's alerts) and with the section off; a home action set on the user
        wins. Without the calls section (the home shows the day's calls: both sections open
        it) Odoo's own home, not a home that would refuse them."""
        agent_home = self.env.ref("crm_alerts.action_agent_home").id
        self.role.sales_panel_section_calls = "own"
        homes = {}
        for level in ("off", "own", "team", "all"):
            self.role.sales_panel_section_alerts = level
            self.login("caller")
            homes[level] = self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]
            if homes[level]:
                self.rpc_as("caller", "res.users", "sales_panel_home")  # it opens
        self.assertEqual(homes, {"off": False, "own": agent_home, "team": agent_home, "all": False})
        self.role.sales_panel_section_alerts = "own"
        self.role.sales_panel_section_calls = "off"
        self.assertEqual(self.outcome("caller", "res.users", "sales_panel_home"), "-")
        self.assertFalse(self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"])
        self.role.sales_panel_section_calls = "own"
        chase = self.env.ref("crm_proforma_followup.action_chase_list")
        self.caller.action_id = chase.id
        self.assertEqual(self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"], chase.id)

    def test_marketer_home_without_quotations(self):
        """The agent home over RPC for a custom role with the alerts and the calls: without
        the quotations section (who does not sell, as the shipped Marketer role) the
        marketer's home, the days' calls and new contacts and nothing of quotations; with
        it, the seller's."""
        self.role.write({"sales_panel_section_alerts": "own", "sales_panel_section_calls": "own"})
        home = self.rpc_as("caller", "res.users", "sales_panel_home")
        self.assertEqual((home["is_marketer"], len(home["days"]), "chase" in home, "targets" in home),
                         (True, 7, False, False))
        self.role.sales_panel_section_quotations = "own"
        home = self.rpc_as("caller", "res.users", "sales_panel_home")
        self.assertEqual((home["is_marketer"], "days" in home, "chase" in home, "targets" in home),
                         (False, False, True, True))
        self.assertEqual(self.rpc_as("marketer", "res.users", "sales_panel_home")["is_marketer"], True,
                         "the shipped Marketer role")
