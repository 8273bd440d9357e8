from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_panel_week_start = fields.Selection(related="company_id.sales_panel_week_start", readonly=False)
