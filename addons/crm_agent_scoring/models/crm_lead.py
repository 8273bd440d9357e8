from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    score_assignment_note = fields.Char(
        "Assigned by score", readonly=True, copy=False,
        help="Why the distribution by score gave the lead to its salesperson, when it did.")

    def write(self, vals):
        if "score_assignment_note" in vals and not (
                self.env.su or self.env.user.has_group("crm_sales_base.group_manager")):
            vals = {name: value for name, value in vals.items() if name != "score_assignment_note"}
        # A lead given to someone else by hand no longer says why the distribution chose.
        if "user_id" in vals and "score_assignment_note" not in vals:
            vals = dict(vals, score_assignment_note=False)
        return super().write(vals)
