from odoo import models


class CrmCall(models.Model):
    _inherit = "crm.call"

    def _sales_panel_on_call_ended(self):
        """An answered call with a customer is a follow-up of each of their open quotations
        (the contact's or any contact's of the same company)."""
        result = super()._sales_panel_on_call_ended()
        calls = self.filtered(lambda c: c.is_answered and c.partner_id)
        if not calls:
            return result
        customers = calls.partner_id.commercial_partner_id
        orders = self.env["sale.order"].sudo().search([
            ("partner_id", "child_of", customers.ids), ("state", "in", ("draft", "sent"))])
        by_customer = orders.grouped(lambda o: o.partner_id.commercial_partner_id)
        linked = {(f.call_id.id, f.order_id.id) for f in self.env["sale.order.followup"].sudo().search(
            [("call_id", "in", calls.ids)])}
        values = [
            {"order_id": order.id, "kind": "call", "call_id": call.id,
             "user_id": (call.user_id or self.env.user).id, "date": call.start_date}
            for call in calls
            for order in by_customer.get(call.partner_id.commercial_partner_id, [])
            if order.create_date <= (call.end_date or call.start_date)
            and (call.id, order.id) not in linked
        ]
        if values:
            self.env["sale.order.followup"].sudo().create(values)
        return result
