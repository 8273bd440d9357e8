from odoo import fields, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    score_absent = fields.Boolean(
        "Absent", help="Gets no lead nor contact from the distribution by score until unticked "
        "(leave, sickness). Agents whose phone the PBX shows unavailable are skipped too.")
    score_credit = fields.Float(
        "Distribution credit", readonly=True, groups="crm_sales_base.group_section_scores_all",
        help="The round-robin's memory between runs: above zero, the member is owed leads.")
    # Supervisors and managers: an agent sees their own score on the scores' screens only.
    score_current = fields.Float("Score", compute="_compute_score_current", digits=(5, 1),
                                 groups="crm_sales_base.group_section_scores_team",
                                 help="The agent's latest score (as far as the reader may see it).")

    def _compute_score_current(self):
        scores = {}
        for company, members in self.grouped(lambda m: m.crm_team_id.company_id or self.env.company).items():
            scores[company] = self.env["crm.agent.score"]._sales_panel_latest(members.user_id, company)
        for member in self:
            member.score_current = scores[member.crm_team_id.company_id or self.env.company].get(member.user_id.id, 0.0)
