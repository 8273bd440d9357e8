from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_panel_cdr_log_days = fields.Integer(related="company_id.sales_panel_cdr_log_days", readonly=False)
    sales_panel_next_step_incoming = fields.Boolean(
        related="company_id.sales_panel_next_step_incoming", readonly=False)
    sales_panel_next_step_outgoing = fields.Boolean(
        related="company_id.sales_panel_next_step_outgoing", readonly=False)
    sales_panel_next_step_unanswered = fields.Boolean(
        related="company_id.sales_panel_next_step_unanswered", readonly=False)
