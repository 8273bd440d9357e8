from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmCooperationType(models.Model):
    _name = "crm.cooperation.type"
    _description = "Cooperation type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_unknown = fields.Boolean(
        "Means unknown",
        help="Contacts of this type count as having no cooperation type in the filters.",
    )

    _sql_constraints = [("name_uniq", "unique(name)", "This cooperation type already exists.")]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["res.partner"].with_context(active_test=False).search_count(
            [("cooperation_type_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(_("Contacts use this cooperation type: archive it instead of deleting it."))
