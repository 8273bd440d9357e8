from odoo import _, fields, models
from odoo.exceptions import UserError


class SaleOrderFollowupWizard(models.TransientModel):
    _name = "sale.order.followup.wizard"
    _description = "Log a quotation follow-up"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    customer_id = fields.Many2one(related="order_id.partner_id.commercial_partner_id", string="Customer")
    call_id = fields.Many2one(
        "crm.call", ondelete="cascade",
        help="A call the quotation's follow-up was made in, linked by hand (calls with the "
        "customer's numbers are linked on their own).")
    note = fields.Text()

    def action_log(self):
        """Logged by whoever does it, the agent or a supervisor of the team; the chatter says so."""
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        call = self.call_id
        if not (call or self.note):
            raise UserError(_("Write what was said, or choose the call."))
        if call:
            call.check_access("read")
            if self.env["sale.order.followup"].sudo().search_count(
                    [("call_id", "=", call.id), ("order_id", "=", order.id)]):
                raise UserError(_("This call is already a follow-up of %s.", order.name))
        self.env["sale.order.followup"].sudo().create({
            "order_id": order.id, "kind": "call" if call else "note", "call_id": call.id,
            "note": self.note, "user_id": self.env.uid,
            "date": call.start_date or fields.Datetime.now()})
        body = self.note or _("Call of %s linked as a follow-up.", call.display_name)
        order.message_post(body=body, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id)
        return {"type": "ir.actions.act_window_close"}
