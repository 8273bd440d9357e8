from odoo import api, fields, models

from odoo.addons.crm_sales_base.lib import calendar


class CrmAgentScore(models.Model):
    """Scores searched by the periods of the company's calendar, and grouped by its months
    (Odoo's grouping by month of a date counts Gregorian months)."""

    _name = "crm.agent.score"
    _inherit = ["crm.agent.score", "sales.panel.period.mixin"]
    _sales_panel_period_field = "date"

    month = fields.Char(
        compute="_compute_month", store=True, readonly=True,
        help="Year and month of the day scored in the company's calendar (1405/09 for Azar "
             "1405 in a Solar Hijri company, 2026-12 in a Gregorian one).")

    @api.depends("date", "company_id.sales_panel_calendar")
    def _compute_month(self):
        for score in self:
            code = score.company_id.sales_panel_calendar or calendar.Gregorian.name
            score.month = score.date and calendar.format_date(score.date, code)[:7]
