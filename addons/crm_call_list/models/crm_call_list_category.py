from odoo import fields, models


class CrmCallListCategory(models.Model):
    """A category of numbers (e.g. the trade fair's visitors, former customers): numbers of
    several lists are sorted, counted and handed out by it."""

    _name = "crm.call.list.category"
    _description = "Call list category"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
