from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A done activity on an open quotation is a follow-up by whoever marked it done."""
        on_quotations = self.filtered(lambda a: a.res_model == "sale.order")
        orders = self.env["sale.order"].sudo().browse(on_quotations.mapped("res_id")).exists()
        open_ids = set(orders.filtered(lambda o: o.state in ("draft", "sent")).ids)
        values = [{"order_id": activity.res_id, "kind": "activity", "user_id": self.env.user.id,
                   "note": feedback or activity.summary or activity.activity_type_id.name}
                  for activity in on_quotations if activity.res_id in open_ids]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if values:
            self.env["sale.order.followup"].sudo().create(values)
        return result
