from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrderFollowupWizard(models.TransientModel):
    _name = "sale.order.followup.wizard"
    _description = "Log a quotation follow-up"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    # Not a related field: those are computed as superuser, and the wizard (opened, or only
    # its onchange called over RPC, on any quotation id) would show the customer of another
    # agent's quotation.
    customer_id = fields.Many2one(
        "res.partner", compute="_compute_customer_id", compute_sudo=False)
    call_id = fields.Many2one(
        "crm.call", ondelete="cascade",
        help="A call the quotation's follow-up was made in, linked by hand (calls with the "
        "customer's numbers are linked on their own).")
    note = fields.Text()

    @api.depends("order_id")
    def _compute_customer_id(self):
        for wizard in self:
            order = wizard.order_id
            # The quotation is read with the user's rights (another book's raises); its
            # customer is then named as the quotation's own form names it.
            order.check_access("read")
            wizard.customer_id = order.sudo().partner_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # Logging a follow-up changes the quotation: only on one the user may write.
        wizards.order_id.check_access("write")
        return wizards

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
