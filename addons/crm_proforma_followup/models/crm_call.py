from odoo import fields, models
from odoo.tools import SQL

from .sale_order import OPEN_STATES


class CrmCall(models.Model):
    _inherit = "crm.call"

    def _sales_panel_on_call_ended(self):
        """An answered call with a customer is a follow-up of each of their open quotations
        (the contact's or any contact's of the same company) that existed when it ended.

        One INSERT … SELECT for all the calls: the CDR sync ends 5 000 calls a batch, and
        deciding them through the ORM (open quotations of every customer, then a follow-up
        record each) took a third of the sync's time at 1 000 000 contacts
        (bench/bench_calls.py). The counts on the quotations are then kept by the ORM."""
        result = super()._sales_panel_on_call_ended()
        if not self:
            return result
        self.flush_model(["partner_id", "user_id", "start_date", "end_date", "is_answered"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["sale.order"].flush_model(["partner_id", "state", "company_id"])
        now = fields.Datetime.now()
        order_ids = {order_id for (order_id,) in self.env.execute_query(SQL(
            """INSERT INTO sale_order_followup
                   (order_id, company_id, kind, call_id, user_id, date,
                    create_uid, write_uid, create_date, write_date)
               SELECT o.id, o.company_id, 'call', c.id, coalesce(c.user_id, %(uid)s), c.start_date,
                      %(uid)s, %(uid)s, %(now)s, %(now)s
                 FROM crm_call c
                 JOIN res_partner contact ON contact.id = c.partner_id
                 JOIN res_partner member ON member.commercial_partner_id = contact.commercial_partner_id
                 JOIN sale_order o ON o.partner_id = member.id AND o.state IN %(open)s
                      AND o.create_date <= coalesce(c.end_date, c.start_date)
                WHERE c.id = ANY(%(calls)s) AND c.is_answered
               ON CONFLICT (call_id, order_id) DO NOTHING
               RETURNING order_id""",
            uid=self.env.uid, now=now, open=OPEN_STATES, calls=self.ids))}
        if order_ids:
            self.env["sale.order.followup"].invalidate_model()
            self.env["sale.order"].invalidate_model(["followup_ids"])
            self.env["sale.order"].sudo().browse(order_ids)._sales_panel_update_followups()
        return result
