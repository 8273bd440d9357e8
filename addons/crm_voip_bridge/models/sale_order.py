from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The customer's numbers on the quotation, with the phone widget: one click to call
    # them from the quotation (T1). Not stored: the contact's numbers are the truth.
    partner_phone = fields.Char("Customer's phone", related="partner_id.phone", readonly=True)
    partner_mobile = fields.Char("Customer's mobile", related="partner_id.mobile", readonly=True)
    sales_panel_last_call_id = fields.Many2one(
        "crm.call", "Last recorded call", compute="_compute_sales_panel_last_call_id")

    def _compute_sales_panel_last_call_id(self):
        for order in self:
            order.sales_panel_last_call_id = \
                order.partner_id.commercial_partner_id._sales_panel_last_recorded_call()
