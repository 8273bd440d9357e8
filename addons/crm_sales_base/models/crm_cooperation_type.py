from odoo import fields, models


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
