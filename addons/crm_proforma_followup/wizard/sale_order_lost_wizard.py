from odoo import api, fields, models


class SaleOrderLostWizard(models.TransientModel):
    _name = "sale.order.lost.wizard"
    _description = "Cancel quotations with a lost reason"

    order_ids = fields.Many2many(
        "sale.order", string="Quotations",
        default=lambda self: self.env["sale.order"].browse(self.env.context.get("active_ids")))
    lost_reason_id = fields.Many2one("crm.lost.reason", "Lost reason", required=True)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # Only quotations the user may change (ids come from the client's context).
        wizards.order_ids.check_access("write")
        return wizards

    def action_cancel(self):
        self.order_ids.check_access("write")
        self.order_ids.write({"lost_reason_id": self.lost_reason_id.id})
        # The stock flow goes on from here (its cancel e-mail wizard for sent quotations).
        return self.order_ids.action_cancel()
