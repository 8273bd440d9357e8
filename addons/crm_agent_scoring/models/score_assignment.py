from odoo import api, fields, models


class SalesPanelScoreAssignment(models.AbstractModel):
    """Why the distribution by score gave a record (lead, contact) to its salesperson:
    written by the distribution (or a manager) only, never by the agent it names, and
    readable by employees only (not by the customer of a portal account)."""

    _name = "sales.panel.score.assignment"
    _description = "Assigned by score"

    score_assignment_note = fields.Char(
        "Assigned by score", readonly=True, copy=False, groups="base.group_user",
        help="Why the distribution by score gave the record to its salesperson, when it did.")

    def _score_assignment_may_write_note(self):
        # The distribution by score is the scores section's: its level "all" (#18).
        return self.env.su or self.env.user.has_group("crm_sales_base.group_section_scores_all")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._score_assignment_may_write_note():
            vals_list = [{name: value for name, value in vals.items() if name != "score_assignment_note"}
                         for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if "score_assignment_note" in vals and not self._score_assignment_may_write_note():
            vals = {name: value for name, value in vals.items() if name != "score_assignment_note"}
        # A record given to someone else by hand no longer says why the distribution chose.
        if "user_id" in vals and "score_assignment_note" not in vals:
            vals = dict(vals, score_assignment_note=False)
        return super().write(vals)
