from collections import defaultdict

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
        # One grouped query (the sync stores thousands of calls a batch, and a big customer
        # can have many open quotations): open quotations per contact, then per company.
        groups = self.env["sale.order"].sudo()._read_group(
            [("partner_id.commercial_partner_id", "in", customers.ids), ("state", "in", ("draft", "sent"))],
            ["partner_id"], ["id:array_agg", "create_date:array_agg"])
        by_customer = defaultdict(list)
        for partner, ids, dates in groups:
            by_customer[partner.commercial_partner_id.id].extend(zip(ids, dates, strict=True))
        linked = {(f.call_id.id, f.order_id.id) for f in self.env["sale.order.followup"].sudo().search(
            [("call_id", "in", calls.ids)])}
        values = [
            {"order_id": order_id, "kind": "call", "call_id": call.id,
             "user_id": (call.user_id or self.env.user).id, "date": call.start_date}
            for call in calls
            for order_id, created in by_customer.get(call.partner_id.commercial_partner_id.id, [])
            if created <= (call.end_date or call.start_date)
            and (call.id, order_id) not in linked
        ]
        if values:
            self.env["sale.order.followup"].sudo().create(values)
        return result
