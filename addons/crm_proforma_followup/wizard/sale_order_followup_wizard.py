from odoo import fields, models


class SaleOrderFollowupWizard(models.TransientModel):
    _name = "sale.order.followup.wizard"
    _description = "Log a quotation follow-up"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    note = fields.Text(required=True)

    def action_log(self):
        """Logged by whoever does it, the agent or a supervisor of the team; the chatter says so."""
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        self.env["sale.order.followup"].sudo().create({
            "order_id": order.id, "kind": "note", "note": self.note, "user_id": self.env.uid})
        order.message_post(body=self.note, subtype_xmlid="mail.mt_note",
                           author_id=self.env.user.partner_id.id)
        return {"type": "ir.actions.act_window_close"}
