from odoo import models


class CrmAlertResult(models.Model):
    """Alert results searched by the periods of the company's calendar."""

    _name = "crm.alert.result"
    _inherit = ["crm.alert.result", "sales.panel.period.mixin"]
    _sales_panel_period_field = "date"
