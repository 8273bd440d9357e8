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
        cls.setup_role_user()
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
        self.assertEqual(
            self.shipped_menus(SCORES_MENU, RATINGS_MENU),
            {"agent": {SCORES_MENU: True, RATINGS_MENU: False},
             "marketer": {SCORES_MENU: True, RATINGS_MENU: False},
             "supervisor": {SCORES_MENU: True, RATINGS_MENU: True},
             "manager": {SCORES_MENU: True, RATINGS_MENU: True}})

    def test_manager_without_scores(self):
        """A manager whose roles do not open the scores (#18), by a custom role or the
        shipped Manager role with the section off: scores, their parts and criteria and
        "Compute now" refused; who has the scores at "all" computes them and rates
        themselves."""
        keeper = self.manager_role_without("alerts", "t_keeper")
        self.assertTrue(self.env["crm.agent.score"].with_user(keeper).action_compute_scores())
        rating = self.env["crm.agent.score.rating"].with_user(keeper).create({
            "parameter_id": self.criterion.id, "user_id": keeper.id, "rating": self.criterion.scale_high})
        self.assertEqual(rating.user_id, keeper)
        boss = self.manager_role_without("scores", "t_boss")
        self.switch_off_for_managers("scores")
        for user in (boss, self.manager):
            Score = self.env["crm.agent.score"].with_user(user)
            for label, call in {
                "scores": lambda S=Score: S.search([]),
                "parts": lambda u=user: self.env["crm.agent.score.line"].with_user(u).search([]),
                "criteria": lambda u=user: self.criterion.with_user(u).write({"weight": 5}),
                "compute now": lambda S=Score: S.action_compute_scores(),
            }.items():
                with self.assertRaises(AccessError, msg=f"{user.login}: {label}"):
                    call()

    def test_refusal_names_the_section(self):
        """"Compute now" refused to a manager whose roles leave the scores off: the error
        names what opens it (the Scores section at "All"), in the user's language."""
        boss = self.manager_role_without("scores", "t_boss")
        self.switch_off_for_managers("scores")
        for lang, text in {
            "en_US": "Only users whose role gives the Scores section at the level “All” compute scores.",
            "fa_IR": "فقط کاربرانی که نقششان بخش «امتیازها» را در سطح «همه» به آن‌ها می‌دهد امتیازها را "
                     "محاسبه می‌کنند.",
        }.items():
            with self.assertRaises(AccessError) as refused:
                self.env["crm.agent.score"].with_user(boss).with_context(lang=lang).action_compute_scores()
            self.assertEqual(str(refused.exception), text)

    def test_distribution_warnings_go_to_the_scores_at_all(self):
        """Leads waiting for nobody: the team's note notifies who has the scores at "all"."""
        keeper = self.manager_role_without("alerts", "t_keeper")

        def notified():
            self.team_a.score_warned_date = False
            before = self.team_a.message_ids
            self.team_a._sales_panel_warn_nobody(self.env["crm.lead"], self.env["res.partner"], {})
            return (self.team_a.message_ids - before).partner_ids

        self.assertLessEqual(keeper.partner_id | self.manager.partner_id, notified())
        self.switch_off_for_managers("scores")
        self.assertNotIn(self.manager.partner_id, notified())
