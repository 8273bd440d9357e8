from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_panel_cdr_log_days = fields.Integer(related="company_id.sales_panel_cdr_log_days", readonly=False)
