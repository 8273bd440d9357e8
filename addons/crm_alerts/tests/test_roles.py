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
        cls.role = cls.make_role("Caller", contacts="own")
        cls.caller = cls.role_user("t_caller", cls.role)
        cls.team_b.user_id = cls.caller  # "my teams": team B, agent B1's
        cls.role_users = dict(cls.role_users, caller=cls.caller)
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
        holders = {name: self.role_user(f"t_holder_{name}", self.env.ref(f"crm_sales_base.role_{name}"))
                   for name in ("agent", "marketer", "supervisor", "manager")}
        self.assertEqual(
            {name: self.menus_of(user, HOME_MENU, TARGETS_MENU, REPORT_MENU) for name, user in holders.items()},
            {"agent": {HOME_MENU: True, TARGETS_MENU: False, REPORT_MENU: False},
             "marketer": {HOME_MENU: True, TARGETS_MENU: False, REPORT_MENU: False},
             "supervisor": {HOME_MENU: True, TARGETS_MENU: True, REPORT_MENU: True},
             "manager": {HOME_MENU: True, TARGETS_MENU: True, REPORT_MENU: True}})
