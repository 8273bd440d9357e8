from odoo import api, fields, models

from ..lib import calendar

WEEKDAYS = [
    ("5", "Saturday"),
    ("6", "Sunday"),
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
]
DEFAULT_TIMEZONE = "Asia/Tehran"
# Countries whose companies count in the Solar Hijri calendar unless told otherwise.
SOLAR_HIJRI_COUNTRIES = {"IR", "AF"}
# External ids of the calendar fields (and the week start's values) in the addons that
# defined them before crm_sales_base: (module, SQL LIKE pattern of the names).
FORMER_OWNERS = {
    "crm_voip_bridge": r"field\_res\_company\_\_sales\_panel\_timezone",
    "crm_alerts": r"%res\_company\_\_sales\_panel\_week\_start%",
}


def adopt_calendar_fields(cr, module):
    """Hand the external ids of the calendar fields ``module`` defined over to
    crm_sales_base. Called when ``module`` is updated (its res.company ``init()``): left
    with ``module``, the end of its update would take them for fields it dropped, and
    delete the fields with their column and values whenever crm_sales_base has not been
    updated in the same run (an ``-u crm_alerts`` alone). Idempotent and cheap."""
    pattern = FORMER_OWNERS[module]
    cr.execute("""
        DELETE FROM ir_model_data old USING ir_model_data new
         WHERE old.module = %s AND old.name LIKE %s
           AND new.module = 'crm_sales_base' AND new.name = old.name
    """, (module, pattern))
    cr.execute("UPDATE ir_model_data SET module = 'crm_sales_base' WHERE module = %s AND name LIKE %s",
               (module, pattern))


class ResCompany(models.Model):
    """The company's calendar: every figure of the suite (calls, alerts, home, report,
    scores) counts days, weeks, months, quarters and years in this timezone, weeks from
    this day. The fields came from crm_voip_bridge (timezone) and crm_alerts (first day of
    the week), under the same names, so stored values survive the move."""

    _inherit = "res.company"

    sales_panel_timezone = fields.Char(
        "Sales Panel timezone", default=DEFAULT_TIMEZONE,
        help="Days, weeks and months of the call figures follow this timezone.",
    )
    # Keys are Python's date.weekday(), so that the calendar library reads them as they are.
    sales_panel_week_start = fields.Selection(
        WEEKDAYS, "First day of the week", default="5", required=True,
        help="Weekly targets and figures count from this day (Saturday in Iran).")
    sales_panel_calendar = fields.Selection(
        calendar.CALENDAR_LABELS, "Calendar of the figures", default="gregorian", required=True,
        help="Months, quarters and years of targets, alerts, reports and scores follow this "
             "calendar: Solar Hijri months run from Farvardin to Esfand.")

    @api.model_create_multi
    def create(self, vals_list):
        """A new company of Iran or Afghanistan counts in Solar Hijri months unless the
        calendar is given; every other one in Gregorian months."""
        for vals in vals_list:
            if "sales_panel_calendar" not in vals and vals.get("country_id"):
                country = self.env["res.country"].browse(vals["country_id"])
                if country.code in SOLAR_HIJRI_COUNTRIES:
                    vals["sales_panel_calendar"] = "jalali"
        return super().create(vals_list)

    def _sales_panel_calendar(self):
        """(timezone name, first weekday) of the company's figures."""
        self.ensure_one()
        return self.sales_panel_timezone or DEFAULT_TIMEZONE, int(self.sales_panel_week_start or 5)

    def _sales_panel_periods(self, calendar_kind=None):
        """The company's calendar (crm_sales_base/lib/calendar.py): Gregorian or Solar Hijri
        months in its timezone, weeks from its first day; ``calendar_kind`` counts the months
        of another calendar in the same timezone and weeks (a user's, for their searches)."""
        self.ensure_one()
        return calendar.calendar(*self._sales_panel_calendar(),
                                 kind=calendar_kind or self.sales_panel_calendar or "gregorian")

    def _sales_panel_today(self):
        """Today's local date in the company's timezone."""
        return self._sales_panel_periods().today(fields.Datetime.now())

    def _sales_panel_period(self, kind, day=None, offset=0, calendar_kind=None):
        """The :class:`~..lib.calendar.Period` (local ``start`` and ``stop`` dates, stop
        excluded, and their naive UTC bounds ``utc_start``, ``utc_stop``) of ``kind`` (day,
        week, month, quarter, year) holding the local ``day`` (today when not given), or
        ``offset`` periods after it (before it when negative); in ``calendar_kind`` when given
        (else the company's calendar)."""
        periods = self._sales_panel_periods(calendar_kind)
        return periods.period(kind, day or periods.today(fields.Datetime.now()), offset)

    def _sales_panel_days(self, date_from, date_stop):
        """The :class:`~..lib.calendar.Period` of the local days ``date_from`` to
        ``date_stop`` (excluded)."""
        return self._sales_panel_periods().days(date_from, date_stop)
