from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import RolesMixin, SalesPanelCase

SCORES_MENU = "crm_agent_scoring.menu_agent_scores"
RATINGS_MENU = "crm_agent_scoring.menu_score_ratings"


@tagged("post_install", "-at_install")
class TestScoreSections(RolesMixin, SalesPanelCase):
    """The sections "scores" and "supervisor tools" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("Caller", contacts="own")
        cls.caller = cls.role_user("t_caller", cls.role)
        cls.team_b.user_id = cls.caller  # "my teams": team B, agent B1's
        Score = cls.env["crm.agent.score"]
        today = fields.Date.today()
        cls.own, cls.b1, cls.a1 = (
            Score.create({"user_id": user.id, "company_id": cls.env.company.id, "date": today})
            for user in (cls.caller, cls.agent_b1, cls.agent_a1))
        cls.criterion = cls.env["crm.agent.score.parameter"].create({
            "name": "Behaviour", "kind": "manual", "normalisation": "scale", "scale_low": 0, "scale_high": 10})

    def test_scores_at_each_level(self):
        scores = self.own | self.b1 | self.a1
        self.assert_levels(self.role, "scores", self.caller, scores, {
            "off": None, "own": self.own, "team": self.own | self.b1, "all": scores,
        }, menus={SCORES_MENU: {"off": False, "own": True, "team": True, "all": True}})

    def test_supervisor_tools(self):
        """Rating the agents of one's teams is a supervisor tool: refused without it, even
        to someone who sees the team's scores (and the criteria)."""
        self.role.sales_panel_section_scores = "team"
        Rating = self.env["crm.agent.score.rating"].with_user(self.caller)
        values = {"parameter_id": self.criterion.id, "user_id": self.agent_b1.id,
                  "rating": self.criterion.scale_low}
        self.assertFalse(self.menus_of(self.caller, RATINGS_MENU)[RATINGS_MENU])
        with self.assertRaises(AccessError):
            Rating.create(values)
        self.role.sales_panel_section_supervisor = "on"
        self.assertTrue(self.menus_of(self.caller, RATINGS_MENU)[RATINGS_MENU])
        rating = Rating.create(values)
        self.assertEqual(Rating.search([("id", "=", rating.id)]), rating)

    def test_shipped_roles_menus(self):
        holders = {name: self.role_user(f"t_holder_{name}", self.env.ref(f"crm_sales_base.role_{name}"))
                   for name in ("agent", "marketer", "supervisor", "manager")}
        self.assertEqual(
            {name: self.menus_of(user, SCORES_MENU, RATINGS_MENU) for name, user in holders.items()},
            {"agent": {SCORES_MENU: True, RATINGS_MENU: False},
             "marketer": {SCORES_MENU: True, RATINGS_MENU: False},
             "supervisor": {SCORES_MENU: True, RATINGS_MENU: True},
             "manager": {SCORES_MENU: True, RATINGS_MENU: True}})
