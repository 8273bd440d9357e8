from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_panel_gold_amount = fields.Monetary(related="company_id.sales_panel_gold_amount", readonly=False)
    sales_panel_special_amount = fields.Monetary(
        related="company_id.sales_panel_special_amount", readonly=False)
    sales_panel_gold_style = fields.Selection(related="company_id.sales_panel_gold_style", readonly=False)
    sales_panel_special_style = fields.Selection(
        related="company_id.sales_panel_special_style", readonly=False)
    sales_panel_task_grace_minutes = fields.Integer(
        related="company_id.sales_panel_task_grace_minutes", readonly=False)
    sales_panel_blocked_group_ids = fields.Many2many(
        related="company_id.sales_panel_blocked_group_ids", readonly=False)
