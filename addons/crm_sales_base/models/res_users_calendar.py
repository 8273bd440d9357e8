from odoo import api, fields, models
from odoo.tools import format_date

from ..lib import calendar


class ResUsers(models.Model):
    """The calendar dates are shown in to a user: the web client (session info
    ``sales_panel_calendar``) and the suite's exports read ``_sales_panel_display_calendar``."""

    _inherit = "res.users"

    sales_panel_date_calendar = fields.Selection(
        [("auto", "Automatic")] + calendar.CALENDAR_LABELS, "Calendar of dates", default="auto",
        required=True,
        help="Calendar dates are shown in. Automatic: Solar Hijri for Persian, else the "
             "company's calendar. Dates are stored the same way whichever is chosen.")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["sales_panel_date_calendar"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["sales_panel_date_calendar"]

    @api.model
    def _sales_panel_lang_calendar(self, lang, company):
        """The calendar "auto" means for a user of ``lang`` in ``company``."""
        if calendar._language(lang) == "fa":
            return calendar.SolarHijri.name
        return company.sales_panel_calendar or calendar.Gregorian.name

    def _sales_panel_display_calendar(self):
        """"gregorian" or "jalali": the calendar this user reads dates in (their
        preference; "auto": Solar Hijri in Persian, else the company's calendar)."""
        self.ensure_one()
        choice = self.sales_panel_date_calendar or "auto"
        if choice != "auto":
            return choice
        # The company the user works in now (the company switcher) when it is this user.
        company = self.env.company if self == self.env.user else self.company_id
        return self._sales_panel_lang_calendar(self.env.context.get("lang") or self.lang, company)

    def _sales_panel_format_date(self, day):
        """``day`` as this user reads it: 1405/09/10 in the Solar Hijri calendar, else in
        the date format of their language (Odoo's ``format_date``)."""
        self.ensure_one()
        code = self._sales_panel_display_calendar()
        if code == calendar.Gregorian.name:
            return format_date(self.env, day)
        return calendar.format_date(day, code)
