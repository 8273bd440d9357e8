import datetime

from odoo import fields

from odoo.addons.crm_proforma_followup.tests.common import FollowupCase
from odoo.addons.crm_sales_base.tests.common import FigureMixin
from odoo.addons.crm_voip_bridge.tests.common import CallMixin

DAY = datetime.date(2026, 11, 18)  # a Wednesday; its week starts on Saturday 14, Tehran time


class ScoringCase(CallMixin, FigureMixin, FollowupCase):
    """The teams of SalesPanelCase (A: agents A1, A2 and a marketer; B: agent B1), the
    company on Tehran time with weeks from Saturday, no parameter but the test's own;
    calls at Tehran's wall-clock times (call_at)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.set_calendar(cls.company)
        cls.company.sales_panel_successful_seconds = 30
        cls.Parameter = cls.env["crm.agent.score.parameter"]
        cls.Parameter.with_context(active_test=False).search([]).unlink()
        cls.Score = cls.env["crm.agent.score"]
        cls.Score.search([]).unlink()
        cls.team_members = cls.team_a.crm_team_member_ids
        cls.member_a1, cls.member_a2, cls.member_m = (
            cls.team_members.filtered(lambda m, u=user: m.user_id == u)
            for user in (cls.agent_a1, cls.agent_a2, cls.marketer_a))
        cls.team_members.assignment_max = 3000  # 100 a day: the tests' leads all fit

    def parameter(self, name, **values):
        return self.Parameter.create(dict({"name": name, "kind": "figure", "period": "week", "weight": 1}, **values))

    def set_scores(self, scores, day=DAY):
        """Latest scores as the nightly job would leave them: {user: score}."""
        for user, score in scores.items():
            self.Score.create({"user_id": user.id, "team_id": user.sale_team_id.id, "company_id": self.company.id,
                               "date": day, "score": score, "latest": True})

    def new_leads(self, count, team=None, **values):
        return self.env["crm.lead"].create([dict({
            "name": f"Web form {index}", "team_id": (team or self.team_a).id, "user_id": False, "type": "lead",
        }, **values) for index in range(count)])

    def assign(self, team=None, force_quota=True):
        """The stock assignment's member step, as its job runs it (notes in English)."""
        return (team or self.team_a).with_context(lang="en_US")._assign_and_convert_leads(force_quota=force_quota)

    @staticmethod
    def shares(leads):
        leads.invalidate_recordset(["user_id"])
        counts = {}
        for lead in leads:
            counts[lead.user_id.login] = counts.get(lead.user_id.login, 0) + 1
        return counts

    @staticmethod
    def now():
        return fields.Datetime.now()
