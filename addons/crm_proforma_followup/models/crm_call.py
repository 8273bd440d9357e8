from odoo import api, fields, models
from odoo.tools.sql import column_exists, create_column


class CrmCall(models.Model):
    _inherit = "crm.call"

    followup_ids = fields.One2many("sale.order.followup", "call_id", "Quotation follow-ups")
    is_quotation_followup = fields.Boolean(
        "Chased a quotation", compute="_compute_is_quotation_followup", store=True,
        help="The call counted as a follow-up of at least one of the customer's open quotations.")

    def _auto_init(self):
        # Installed on a database with calls: none of them has a follow-up yet (the table is
        # new), so the column is created empty (false) instead of computed call by call.
        if not column_exists(self.env.cr, "crm_call", "is_quotation_followup"):
            create_column(self.env.cr, "crm_call", "is_quotation_followup", "boolean")
        return super()._auto_init()

    @api.depends("followup_ids")
    def _compute_is_quotation_followup(self):
        for call in self:
            call.is_quotation_followup = bool(call.followup_ids)

    def _sales_panel_on_call_ended(self):
        """An answered call with a customer is a follow-up of each of their open quotations
        that existed when it ended (sale.order.followup decides which)."""
        result = super()._sales_panel_on_call_ended()
        self.env["sale.order.followup"]._sales_panel_create_for_calls(self)
        return result
