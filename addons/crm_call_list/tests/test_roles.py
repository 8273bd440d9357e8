from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import AccessMatrixCase
from odoo.addons.crm_sales_base.tests.common import RolesMixin

ROOT_MENU = "crm_call_list.menu_call_lists_root"
NUMBERS_MENU = "crm_call_list.menu_call_list_numbers"
OUTCOMES_MENU = "crm_call_list.menu_call_list_outcomes"


@tagged("post_install", "-at_install")
class TestCallListSection(RolesMixin, AccessMatrixCase):
    """The section "call lists" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dialler = cls.setup_role_user("Dialler", "t_dialler", call_lists="own")
        List = cls.env["crm.call.list"]
        list_a = List.create({"name": "Team A's list", "team_id": cls.team_a.id})
        list_b = List.create({"name": "Team B's list", "team_id": cls.team_b.id})
        Number = cls.env["crm.call.list.number"]

        def number(call_list, raw, user):
            return Number.create({"list_id": call_list.id, "number_raw": raw, "user_id": user.id})

        cls.number_own = number(list_b, "09120000001", cls.dialler)
        cls.number_b1 = number(list_b, "09120000002", cls.agent_b1)
        cls.number_a1 = number(list_a, "09120000003", cls.agent_a1)
        cls.all_numbers = cls.number_own | cls.number_b1 | cls.number_a1

    def test_numbers_at_each_level(self):
        """Own: the numbers one holds; my teams: those of the lists of the teams one leads;
        all: every number; off: refused. The menus follow."""
        self.assert_levels(self.role, "call_lists", self.dialler, self.all_numbers, {
            "own": self.number_own,
            "team": self.number_own | self.number_b1,
            "all": self.all_numbers,
            "off": None,
        }, menus={
            ROOT_MENU: {"own": True, "team": True, "all": True, "off": False},
            NUMBERS_MENU: {"own": False, "team": True, "all": True, "off": False},
            OUTCOMES_MENU: {"own": False, "team": False, "all": True, "off": False},
        })

    def test_numbers_over_rpc_at_each_level(self):
        for level, seen in {"own": self.number_own, "team": self.number_own | self.number_b1,
                            "all": self.all_numbers}.items():
            self.role.sales_panel_section_call_lists = level
            found = self.rpc_as("dialler", "crm.call.list.number", "search", [[("id", "in", self.all_numbers.ids)]])
            self.assertEqual(sorted(found), sorted(seen.ids), level)

    def test_switched_off(self):
        """A role without call lists: menus hidden, next call, numbers, statistics and the
        managers' actions refused over RPC."""
        self.assertEqual(self.menus_of(self.dialler, ROOT_MENU), {ROOT_MENU: True})
        action = self.rpc_as("dialler", "crm.call.list.number", "action_next_call")
        self.assertEqual(action["res_id"], self.number_own.id)
        self.role.sales_panel_section_call_lists = "off"
        self.assertFalse(self.dialler.has_group("crm_call_list.group_section_call_lists"))
        self.assertEqual(self.menus_of(self.dialler, ROOT_MENU, NUMBERS_MENU, OUTCOMES_MENU),
                         {ROOT_MENU: False, NUMBERS_MENU: False, OUTCOMES_MENU: False})
        Number = "crm.call.list.number"
        self.assertEqual({
            "next call": self.outcome("dialler", Number, "action_next_call"),
            "search": self.outcome("dialler", Number, "search", [[]]),
            "read": self.outcome("dialler", Number, "read", [self.number_own.ids, ["number_raw"]]),
            "outcome": self.outcome("dialler", Number, "action_set_outcome", [self.number_own.ids]),
            "lists": self.outcome("dialler", "crm.call.list", "search", [[]]),
            "statistics": self.outcome("dialler", "crm.call.list.stats", "create", [{}]),
        }, dict.fromkeys(("next call", "search", "read", "outcome", "lists", "statistics"), "-"))

    def test_keeping_lists_is_the_all_level(self):
        """Bulk actions and writing lists: the level "all" only."""
        self.role.sales_panel_section_call_lists = "team"
        self.assertEqual(self.outcome("dialler", "crm.call.list.number", "action_bulk", [self.number_b1.ids]), "-")
        self.assertEqual(self.outcome("dialler", "crm.call.list", "write", [self.number_b1.list_id.ids,
                                                                             {"name": "x"}]), "-")
        self.role.sales_panel_section_call_lists = "all"
        self.assertEqual(self.outcome("dialler", "crm.call.list.number", "action_bulk", [self.number_b1.ids]), "+")
        self.assertEqual(self.outcome("dialler", "crm.call.list", "write", [self.number_b1.list_id.ids,
                                                                             {"name": "x"}]), "+")

    def test_shipped_roles(self):
        """Agents and marketers dial lists, supervisors see their teams', managers all; the
        Agent role without call lists takes them from agents, not from supervisors."""
        levels = {name: self.env.ref(f"crm_sales_base.role_{name}").sales_panel_section_call_lists
                  for name in ("agent", "marketer", "supervisor", "manager")}
        self.assertEqual(levels, {"agent": "own", "marketer": "own", "supervisor": "team", "manager": "all"})
        self.assertEqual({name: self.menus_of(user, ROOT_MENU, NUMBERS_MENU, OUTCOMES_MENU)
                          for name, user in self.role_users.items() if name in levels}, {
            "agent": {ROOT_MENU: True, NUMBERS_MENU: False, OUTCOMES_MENU: False},
            "marketer": {ROOT_MENU: True, NUMBERS_MENU: False, OUTCOMES_MENU: False},
            "supervisor": {ROOT_MENU: True, NUMBERS_MENU: True, OUTCOMES_MENU: False},
            "manager": {ROOT_MENU: True, NUMBERS_MENU: True, OUTCOMES_MENU: True},
        })
        self.env.ref("crm_sales_base.role_agent").sales_panel_section_call_lists = "off"
        self.assertFalse(self.menus_of(self.agent_a1, ROOT_MENU)[ROOT_MENU])
        self.assertEqual(self.outcome("agent", "crm.call.list.number", "action_next_call"), "-")
        self.assertTrue(self.menus_of(self.sup_a, ROOT_MENU)[ROOT_MENU])
        self.assertEqual(self.outcome("supervisor", "crm.call.list.number", "search_count", [[]]), "+")
