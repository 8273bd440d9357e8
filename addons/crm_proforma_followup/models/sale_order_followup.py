from odoo import api, fields, models

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
