from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_panel_phone_country_id = fields.Many2one(
        related="company_id.sales_panel_phone_country_id", readonly=False
    )
    sales_panel_persian_digits = fields.Boolean(
        related="company_id.sales_panel_persian_digits", readonly=False
    )
