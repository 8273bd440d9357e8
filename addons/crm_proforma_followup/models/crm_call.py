from odoo import models


class CrmCall(models.Model):
    _inherit = "crm.call"

    def _sales_panel_on_call_ended(self):
        """An answered call with a customer is a follow-up of each of their open quotations
        that existed when it ended (sale.order.followup decides which)."""
        result = super()._sales_panel_on_call_ended()
        self.env["sale.order.followup"]._sales_panel_create_for_calls(self)
        return result
