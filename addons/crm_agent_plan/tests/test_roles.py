from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import AccessMatrixCase
from odoo.addons.crm_sales_base.tests.common import RolesMixin

ROOT_MENU = "crm_agent_plan.menu_plan_root"
MY_PLAN_MENU = "crm_agent_plan.menu_my_plan"
TEAM_MENU = "crm_agent_plan.menu_team_plans"
MENUS = (ROOT_MENU, MY_PLAN_MENU, TEAM_MENU)


@tagged("post_install", "-at_install")
class TestPlanSection(RolesMixin, AccessMatrixCase):
    """The section "plan" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("Planner", plan="own", contacts="own")
        cls.planner = cls.role_user("t_planner", cls.role)
        cls.team_b.user_id = cls.planner  # "my teams": team B, agent B1's
        cls.role_users = dict(cls.role_users, planner=cls.planner)

    def team_domain(self):
        action = self.rpc_as("planner", "mail.activity", "action_open_team_plans")
        return action["domain"]

    def test_each_level(self):
        """Own: one's plan; my teams: also the plans of the members of the teams one leads;
        all: everyone's; off: no menu and the plans of others refused over RPC."""
        got = {}
        for level in ("off", "own", "team", "all"):
            self.role.sales_panel_section_plan = level
            got[level] = (self.menus_of(self.planner, *MENUS),
                          self.outcome("planner", "mail.activity", "action_open_team_plans"))
        self.assertEqual(got, {
            "off": ({ROOT_MENU: False, MY_PLAN_MENU: False, TEAM_MENU: False}, "-"),
            "own": ({ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: False}, "-"),
            "team": ({ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: True}, "+"),
            "all": ({ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: True}, "+"),
        })
        self.role.sales_panel_section_plan = "team"
        self.assertEqual(self.team_domain(), [["user_id", "in", sorted((self.agent_b1 | self.planner).ids)]])
        self.role.sales_panel_section_plan = "all"
        self.assertEqual(self.team_domain(), [["user_id.share", "=", False]])

    def test_shipped_roles(self):
        """Agents and marketers their own plan, supervisors their teams', managers all."""
        levels = {name: self.env.ref(f"crm_sales_base.role_{name}").sales_panel_section_plan
                  for name in ("agent", "marketer", "supervisor", "manager")}
        self.assertEqual(levels, {"agent": "own", "marketer": "own", "supervisor": "team", "manager": "all"})
        self.assertEqual({name: self.menus_of(user, *MENUS) for name, user in self.role_users.items()
                          if name in levels}, {
            "agent": {ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: False},
            "marketer": {ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: False},
            "supervisor": {ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: True},
            "manager": {ROOT_MENU: True, MY_PLAN_MENU: True, TEAM_MENU: True},
        })
        self.assertEqual({role: self.outcome(role, "mail.activity", "action_open_team_plans")
                          for role in ("agent", "marketer", "supervisor", "manager", "salesman", "portal")},
                         {"agent": "-", "marketer": "-", "supervisor": "+", "manager": "+",
                          "salesman": "-", "portal": "-"})
