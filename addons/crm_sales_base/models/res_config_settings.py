from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_panel_phone_country_id = fields.Many2one(
        related="company_id.sales_panel_phone_country_id", readonly=False
    )
    sales_panel_auto_tier = fields.Boolean(related="company_id.sales_panel_auto_tier", readonly=False)
    sales_panel_tier_days = fields.Integer(related="company_id.sales_panel_tier_days", readonly=False)
    sales_panel_tier_gold = fields.Monetary(related="company_id.sales_panel_tier_gold", readonly=False)
    sales_panel_tier_silver = fields.Monetary(
        related="company_id.sales_panel_tier_silver", readonly=False
    )
    sales_panel_tier_bronze = fields.Monetary(
        related="company_id.sales_panel_tier_bronze", readonly=False
    )
