from odoo import models


class CrmCallListNumber(models.Model):
    _inherit = "crm.call.list.number"

    def write(self, vals):
        if "user_id" not in vals:
            return super().write(vals)
        # A number in call-back handed to another agent (or given back) takes its call-back
        # with it at once, as the nightly planner would, not the next night.
        moved = self.sudo().filtered(lambda number: number.state == "callback" and number.user_id.id != vals["user_id"])
        result = super().write(vals)
        if moved:
            self.env["mail.activity"]._plan_callbacks(moved.company_id, numbers=moved)
        return result
