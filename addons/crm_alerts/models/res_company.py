from odoo import fields, models

WEEKDAYS = [
    ("5", "Saturday"),
    ("6", "Sunday"),
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # Keys are Python's date.weekday(), so that the periods library reads them as they are.
    sales_panel_week_start = fields.Selection(
        WEEKDAYS, "First day of the week", default="5", required=True,
        help="Weekly targets and figures count from this day (Saturday in Iran).")

    def _sales_panel_calendar(self):
        """(timezone name, first weekday) of the company's figures."""
        self.ensure_one()
        return self.sales_panel_timezone or "Asia/Tehran", int(self.sales_panel_week_start or 5)
