from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        if any(vals.get("pbx_extension") for vals in vals_list):
            users._sales_panel_map_extensions()
        return users

    def write(self, vals):
        result = super().write(vals)
        if {"pbx_extension", "company_id", "active"} & set(vals):
            self._sales_panel_map_extensions()
        return result

    def _sales_panel_map_extensions(self):
        """The PBX's extensions follow the users' (crm.pbx.extension.user_id)."""
        Extension = self.env["crm.pbx.extension"].sudo()
        Extension.search(["|", ("user_id", "in", self.ids),
                          ("name", "in", [u.pbx_extension for u in self if u.pbx_extension])
                          ])._sales_panel_map_users()
