from odoo import api, fields, models
from odoo.tools import SQL

from .sale_order import OPEN_STATES

KINDS = [("call", "Call"), ("activity", "Done activity"), ("note", "Follow-up note")]


class SaleOrderFollowup(models.Model):
    """One chase of an open quotation: a call with its customer, a done activity on it, or
    a logged note; who did it and when."""

    _name = "sale.order.followup"
    _description = "Quotation follow-up"
    _order = "date desc, id desc"

    order_id = fields.Many2one("sale.order", "Quotation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True, default="note")
    call_id = fields.Many2one("crm.call", ondelete="set null", index="btree_not_null")
    user_id = fields.Many2one("res.users", "By", required=True, default=lambda self: self.env.user,
                              ondelete="restrict")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Text()

    _sql_constraints = [
        ("call_order_uniq", "unique(call_id, order_id)", "A call counts once for a quotation."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        followups.order_id._sales_panel_update_followups()
        return followups

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders._sales_panel_update_followups()
        return result

    @api.model
    def _sales_panel_create_for_calls(self, calls):
        """Each answered call with a customer is a follow-up of each of the customer's open
        quotations (the contact's or any contact's of the same company) that existed when
        it ended; a call already counted for a quotation is not counted again.

        One INSERT … SELECT for all the calls: the CDR sync ends thousands of calls a batch,
        and deciding them through the ORM (open quotations of every customer, then a
        follow-up record each) cost much of the sync's time (bench/README.md). The counts
        on the quotations are then kept by the ORM."""
        if not calls:
            return self.browse()
        calls.flush_model(["partner_id", "user_id", "start_date", "end_date", "is_answered"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["sale.order"].flush_model(["partner_id", "state", "company_id"])
        now = fields.Datetime.now()
        rows = self.env.execute_query(SQL(
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
               RETURNING id, order_id, call_id""",
            uid=self.env.uid, now=now, open=OPEN_STATES, calls=calls.ids))
        followups = self.browse(row[0] for row in rows)
        if rows:
            self.invalidate_model()
            self.env["sale.order"].invalidate_model(["followup_ids"])
            self.env["sale.order"].sudo().browse({row[1] for row in rows})._sales_panel_update_followups()
        return followups
