from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SalesPanelRules(models.Model):
    _inherit = "sales.panel.rules"

    sales_panel_call_list_max_held = fields.Integer(
        related="company_id.sales_panel_call_list_max_held", readonly=False, tracking=True)
    sales_panel_call_list_release = fields.Boolean(
        related="company_id.sales_panel_call_list_release", readonly=False, tracking=True)

    @api.constrains("sales_panel_call_list_max_held")
    def _check_sales_panel_call_list_max_held(self):
        if any(rules.sales_panel_call_list_max_held < 1 for rules in self):
            raise ValidationError(_("An agent holds at least one number at once."))
