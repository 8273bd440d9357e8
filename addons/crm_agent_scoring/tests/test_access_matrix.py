import datetime

from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import REFUSED, AccessMatrixCase
from odoo.addons.crm_sales_base.tests.common import RpcMixin

DAY = datetime.date(2026, 11, 18)

# Columns of each group: agent A1's record, agent B1's (other team), the second company's.
# Scores are computed by the server: agents read their own, supervisors their team's,
# managers all and may delete history; nobody writes one.
SCORE = {
    #              read write create unlink
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ---   ---    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
SCORE_LINE = SCORE
# Ratings: supervisors rate their teams' agents, agents read theirs.
RATING = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  +--   +--    +--",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Parameters (a1: the first company's, co2: the second's): read by the roles, kept by managers.
PARAMETER = {
    "agent":      "+.-  -.-   -.-    -.-",
    "marketer":   "+.-  -.-   -.-    -.-",
    "supervisor": "+.-  -.-   -.-    -.-",
    "manager":    "+.-  +.-   +.-    +.-",
    "salesman":   "-.-  -.-   -.-    -.-",
    "portal":     "-.-  -.-   -.-    -.-",
}
PUBLIC_METHODS = {
    ("crm.agent.score", "action_compute_scores"): REFUSED,
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(RpcMixin, AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Parameter = cls.env["crm.agent.score.parameter"]
        cls.behaviour = Parameter.create({
            "name": "Behaviour", "kind": "manual", "normalisation": "scale", "scale_low": 0, "scale_high": 10})
        cls.behaviour_c2 = Parameter.create({
            "name": "Behaviour", "kind": "manual", "normalisation": "scale", "scale_low": 0, "scale_high": 10,
            "company_id": cls.company_2.id})
        Rating = cls.env["crm.agent.score.rating"]
        cls.ratings = {
            column: Rating.create({"parameter_id": parameter.id, "user_id": user.id, "date": DAY, "rating": 5})
            for column, parameter, user in (("a1", cls.behaviour, cls.agent_a1), ("b1", cls.behaviour, cls.agent_b1),
                                            ("co2", cls.behaviour_c2, cls.agent_c2))}
        Score = cls.env["crm.agent.score"]
        cls.scores = {
            column: Score.create({
                "user_id": user.id, "team_id": user.sale_team_id.id, "company_id": company.id, "date": DAY,
                "score": 50, "latest": True, "line_ids": [(0, 0, {"parameter_id": parameter.id, "points": 50})]})
            for column, user, company, parameter in (
                ("a1", cls.agent_a1, cls.env.company, cls.behaviour), ("b1", cls.agent_b1, cls.env.company, cls.behaviour),
                ("co2", cls.agent_c2, cls.company_2, cls.behaviour_c2))}

    def test_scores(self):
        create = {column: {"user_id": score.user_id.id, "company_id": score.company_id.id,
                           "date": "2026-01-01", "score": 100} for column, score in self.scores.items()}
        self.assert_model_matrix("crm.agent.score", SCORE, self.scores, read_fields=["score", "rank_team"],
                                 write_vals={"score": 100}, create_vals=create)
        lines = {column: score.line_ids for column, score in self.scores.items()}
        self.assert_model_matrix(
            "crm.agent.score.line", SCORE_LINE, lines, read_fields=["points", "value"], write_vals={"points": 100},
            create_vals={column: {"score_id": score.id, "parameter_id": score.line_ids.parameter_id.id}
                         for column, score in self.scores.items()})

    def test_ratings(self):
        month_later = str(DAY + datetime.timedelta(days=31))  # another period: no duplicate
        self.assert_model_matrix(
            "crm.agent.score.rating", RATING, self.ratings, read_fields=["rating", "comment"],
            write_vals={"comment": "x"},
            create_vals={column: {"parameter_id": rating.parameter_id.id, "user_id": rating.user_id.id,
                                  "date": month_later, "rating": 7} for column, rating in self.ratings.items()})

    def test_parameters(self):
        self.assert_model_matrix(
            "crm.agent.score.parameter", PARAMETER, {"a1": self.behaviour, "co2": self.behaviour_c2},
            read_fields=["name", "weight"], write_vals={"weight": 2},
            create_vals={"a1": {"name": "Calls", "figure": "calls"},
                         "co2": {"name": "Calls", "figure": "calls", "company_id": self.company_2.id}})

    def test_assignment_notes_by_the_distribution_only(self):
        """An agent cannot write why a lead or a contact came to them."""
        seen = []
        for model, record in (("crm.lead", self.lead_a1), ("res.partner", self.customer_a1)):
            self.rpc_as("agent", model, "write", [record.ids, {"score_assignment_note": "Assigned to me by score"}],
                        after=lambda record=record: seen.append(record.score_assignment_note))
        self.assertEqual(seen, [False, False])
        # Nor create a record that says so.
        for model, vals in (("crm.lead", {"name": "Mine", "user_id": self.agent_a1.id}), ("res.partner", {"name": "Mine"})):
            record_id = self.rpc_as("agent", model, "create", [dict(vals, score_assignment_note="Assigned to me by score")],
                                    after=lambda model=model: seen.append(
                                        self.env[model].search([("name", "=", "Mine")]).score_assignment_note))
            self.assertTrue(record_id)
        self.assertEqual(seen, [False] * 4)

    def test_assignment_note_hidden_from_the_customer(self):
        """A portal user does not read why their contact went to whom, even on their own partner."""
        self.portal.partner_id.sudo().score_assignment_note = "Assigned to t_agent_a1 by score: 87.0, rank 3 of 12"
        partner = [self.portal.partner_id.id]
        self.assertEqual(self.outcome("portal", "res.partner", "read", [partner, ["name"]]), "+")
        self.assertEqual(self.outcome("portal", "res.partner", "read", [partner, ["score_assignment_note"]]), "-")
        self.assertEqual(self.outcome("agent", "res.partner", "read", [self.customer_a1.ids, ["score_assignment_note"]]),
                         "+")

    def test_screens(self):
        """What each role's menus open loads through the web client's own calls: a score with
        its parts (the agent's own, the supervisor's team's), the forms managers edit."""
        for role in ("agent", "supervisor", "manager"):
            self.login(role)
            self.assertEqual(len(self.open_form(self.scores["a1"])["line_ids"]), 1, role)
        self.login("manager")
        self.assertEqual(self.open_form(self.behaviour)["kind"], "manual")
        member = self.team_a.crm_team_member_ids.filtered(lambda m: m.user_id == self.agent_a1)
        self.assertEqual(self.open_form(member)["score_current"], 50)
        self.assertIn("assignment_by_score", self.open_form(self.team_a))
        self.assertIn("score_assignment_note", self.open_form(self.lead_a1))
        self.assertIn("score_assignment_note", self.open_form(self.customer_a1))

    def test_public_methods(self):
        def side_effects():
            return {"scores": self.env["crm.agent.score"].sudo().search_count([])}

        self.assert_public_methods("crm_agent_scoring", PUBLIC_METHODS, {}, side_effects)
