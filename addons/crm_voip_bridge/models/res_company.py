from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_successful_seconds = fields.Integer(
        "Successful call from (s)", default=30,
        help="An answered call with at least this talk time counts as successful.",
    )
    sales_panel_timezone = fields.Char(
        "Sales Panel timezone", default="Asia/Tehran",
        help="Days, weeks and months of the call figures follow this timezone.",
    )
