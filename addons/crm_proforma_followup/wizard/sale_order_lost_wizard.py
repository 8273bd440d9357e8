from odoo import fields, models


class SaleOrderLostWizard(models.TransientModel):
    _name = "sale.order.lost.wizard"
    _description = "Cancel quotations with a lost reason"

    order_ids = fields.Many2many(
        "sale.order", string="Quotations",
        default=lambda self: self.env["sale.order"].browse(self.env.context.get("active_ids")))
    lost_reason_id = fields.Many2one("crm.lost.reason", "Lost reason", required=True)

    def action_cancel(self):
        self.order_ids.write({"lost_reason_id": self.lost_reason_id.id})
        # The stock flow goes on from here (its cancel e-mail wizard for sent quotations).
        return self.order_ids.action_cancel()
