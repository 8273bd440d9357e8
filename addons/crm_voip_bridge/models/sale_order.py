from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sales_panel_last_call_id = fields.Many2one(
        "crm.call", "Last recorded call", compute="_compute_sales_panel_last_call_id")

    def _compute_sales_panel_last_call_id(self):
        for order in self:
            order.sales_panel_last_call_id = \
                order.partner_id.commercial_partner_id._sales_panel_last_recorded_call()
