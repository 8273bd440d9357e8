from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_phone_country_id = fields.Many2one(
        "res.country",
        "Default phone region",
        default=lambda self: self.env.ref("base.ir", raise_if_not_found=False),
        help="Country used to read phone numbers typed without an international prefix.",
    )
