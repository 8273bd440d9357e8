from odoo import _, api, fields, models
from odoo.exceptions import UserError

# (value, label, kind of period, offset from the current one)
PERIOD_FILTERS = [
    ("today", "Today", "day", 0),
    ("this_week", "This week", "week", 0),
    ("last_week", "Last week", "week", -1),
    ("this_month", "This month", "month", 0),
    ("last_month", "Last month", "month", -1),
    ("this_year", "This year", "year", 0),
]
PERIODS = {value: (kind, offset) for value, _label, kind, offset in PERIOD_FILTERS}


class SalesPanelPeriodMixin(models.AbstractModel):
    """Search filters "this month", "last month"… that follow the calendar the user reads
    dates in (``res.users._sales_panel_display_calendar``: a Solar Hijri month for a Persian
    user, even in a Gregorian company, as the dates of the list they filter) in the
    company's timezone and from its first day of the week, where Odoo's own date filters
    count Gregorian months in the browser's timezone.

    A model names its date or datetime field in ``_sales_panel_period_field``; a view's
    filter then reads ``[('sales_panel_period', '=', 'this_month')]``. The bounds are
    computed on the server when the search runs, from ``res.company._sales_panel_period``
    of the current company in the user's calendar."""

    _name = "sales.panel.period.mixin"
    _description = "Search by the periods of the company's calendar"
    _sales_panel_period_field = "date"

    sales_panel_period = fields.Selection(
        [(value, label) for value, label, _kind, _offset in PERIOD_FILTERS], "Period",
        compute="_compute_sales_panel_period", search="_search_sales_panel_period",
        help="Search only: the period of the user's calendar the date falls in.")

    def _compute_sales_panel_period(self):
        # Search only: a record is in many periods at once (today, this week, this month).
        self.sales_panel_period = False

    @api.model
    def _search_sales_panel_period(self, operator, value):
        values = [value] if isinstance(value, str) else list(value or ())
        if operator not in ("=", "in") or not values or not set(values) <= PERIODS.keys():
            raise UserError(_("Search by period with one of: %(periods)s.", periods=", ".join(PERIODS)))
        name = self._sales_panel_period_field
        datetime_field = self._fields[name].type == "datetime"
        company = self.env.company
        kind = self.env.user._sales_panel_display_calendar()
        domain = []
        for code in values:
            period = company._sales_panel_period(PERIODS[code][0], offset=PERIODS[code][1], calendar_kind=kind)
            start, stop = (period.utc_start, period.utc_stop) if datetime_field else (period.start, period.stop)
            domain = ["|", *domain, "&", (name, ">=", start), (name, "<", stop)] if domain else [
                "&", (name, ">=", start), (name, "<", stop)]
        return domain
