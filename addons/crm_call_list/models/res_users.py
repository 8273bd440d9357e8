from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("active") is False:
            # An agent who leaves gives back the numbers they held.
            self.env["crm.call.list.number"].sudo().search([
                ("user_id", "in", self.ids), ("state", "in", ("open", "callback"))])._call_list_release()
        return result
