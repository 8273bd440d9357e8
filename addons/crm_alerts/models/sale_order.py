from odoo import api, fields, models

from ..lib import periods


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _sales_panel_confirmed(self, company, user_ids, date_from, date_stop):
        """``{user_id: (confirmed quotations, their amount in the company's currency)}`` of the
        local days ``date_from`` to ``date_stop`` (excluded): a confirmed quotation is a
        successful order, counted on the day it was confirmed (its order date). One grouped
        query; other currencies are converted at the period's last day."""
        start, stop = periods.utc_bounds(date_from, date_stop, company._sales_panel_calendar()[0])
        groups = self.sudo()._read_group(
            [("state", "=", "sale"), ("company_id", "=", company.id), ("user_id", "in", list(user_ids)),
             ("date_order", ">=", start), ("date_order", "<", stop)],
            ["user_id", "currency_id"], ["__count", "amount_total:sum"])
        result = {}
        for user, currency, count, amount in groups:
            if currency and currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, min(date_stop, fields.Date.today()))
            done_count, done_amount = result.get(user.id, (0, 0.0))
            result[user.id] = (done_count + count, done_amount + amount)
        return result
