from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_company import CHASE_DAYS

PLAN_FIELDS = [f"sales_panel_plan_chase_{tier}" for tier in CHASE_DAYS] + ["sales_panel_plan_call_days"]


class SalesPanelRules(models.Model):
    _inherit = "sales.panel.rules"

    sales_panel_plan_chase_gold = fields.Integer(
        related="company_id.sales_panel_plan_chase_gold", readonly=False, tracking=True)
    sales_panel_plan_chase_silver = fields.Integer(
        related="company_id.sales_panel_plan_chase_silver", readonly=False, tracking=True)
    sales_panel_plan_chase_bronze = fields.Integer(
        related="company_id.sales_panel_plan_chase_bronze", readonly=False, tracking=True)
    sales_panel_plan_chase_none = fields.Integer(
        related="company_id.sales_panel_plan_chase_none", readonly=False, tracking=True)
    sales_panel_plan_call_days = fields.Integer(
        related="company_id.sales_panel_plan_call_days", readonly=False, tracking=True)

    @api.constrains(*PLAN_FIELDS)
    def _check_sales_panel_plan(self):
        if any(rules[name] < 0 for rules in self for name in PLAN_FIELDS):
            raise ValidationError(_("Days of the plan are zero (never) or more."))
