from odoo import models


class CrmCall(models.Model):
    """Calls searched by the periods of the company's calendar (Today, This week, This
    month, Last month of the calls' search view)."""

    _name = "crm.call"
    _inherit = ["crm.call", "sales.panel.period.mixin"]
    _sales_panel_period_field = "start_date"
