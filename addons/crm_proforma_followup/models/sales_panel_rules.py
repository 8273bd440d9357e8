from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SalesPanelRules(models.Model):
    _inherit = "sales.panel.rules"

    sales_panel_gold_amount = fields.Monetary(
        related="company_id.sales_panel_gold_amount", readonly=False, tracking=True)
    sales_panel_gold_style = fields.Selection(
        related="company_id.sales_panel_gold_style", readonly=False, tracking=True)
    sales_panel_special_amount = fields.Monetary(
        related="company_id.sales_panel_special_amount", readonly=False, tracking=True)
    sales_panel_special_style = fields.Selection(
        related="company_id.sales_panel_special_style", readonly=False, tracking=True)
    sales_panel_task_grace_minutes = fields.Integer(
        related="company_id.sales_panel_task_grace_minutes", readonly=False, tracking=True)
    sales_panel_blocked_group_ids = fields.Many2many(
        related="company_id.sales_panel_blocked_group_ids", readonly=False, tracking=True)

    @api.constrains("sales_panel_gold_amount", "sales_panel_special_amount", "sales_panel_task_grace_minutes")
    def _check_sales_panel_quotation_rules(self):
        for rules in self:
            if rules.sales_panel_gold_amount < 0 or rules.sales_panel_task_grace_minutes < 0:
                raise ValidationError(_("Amounts and minutes of the quotation rules are zero or more."))
            if rules.sales_panel_special_amount <= rules.sales_panel_gold_amount:
                raise ValidationError(_(
                    "The special amount must be above the gold amount: quotations between the two "
                    "are gold, those from the special amount special."))
