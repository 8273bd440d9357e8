from odoo import api, fields, models
from odoo.tools import format_date

from ..lib import calendar

DIGITS = [("auto", "Automatic"), ("latin", "Latin (0123)"), ("persian", "Persian (۰۱۲۳)")]
PREFERENCES = ["sales_panel_date_calendar", "sales_panel_digits"]


class ResUsers(models.Model):
    """How a user reads dates and numbers: the calendar of dates and the digits, each a
    preference whose "auto" follows the user's language and their company. The web client
    (session info ``sales_panel_calendar``, ``sales_panel_persian_digits``) and the suite's
    exports read ``_sales_panel_display_calendar`` and ``_sales_panel_persian_digits``."""

    _inherit = "res.users"

    sales_panel_date_calendar = fields.Selection(
        [("auto", "Automatic")] + calendar.CALENDAR_LABELS, "Calendar of dates", default="auto",
        required=True,
        help="Calendar dates are shown in. Automatic: Solar Hijri for Persian, else the "
             "company's calendar. Dates are stored the same way whichever is chosen.")
    sales_panel_digits = fields.Selection(
        DIGITS, "Digits", default="auto", required=True,
        help="Digits numbers and dates are shown with. Automatic: Persian digits for Persian "
             "when the company shows them (Settings → Sales Panel), else Latin digits.")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + PREFERENCES

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + PREFERENCES

    def _sales_panel_preference(self, field, auto):
        """This user's choice in ``field``, or for "auto" ``auto(lang, company)``: their
        language (the request's) and the company they work in now (the company switcher)
        when it is this user, else their own company."""
        self.ensure_one()
        choice = self[field] or "auto"
        if choice != "auto":
            return choice
        company = self.env.company if self == self.env.user else self.company_id
        return auto(self.env.context.get("lang") or self.lang, company)

    @api.model
    def _sales_panel_lang_calendar(self, lang, company):
        """The calendar "auto" means for a user of ``lang`` in ``company``."""
        if calendar._language(lang) == "fa":
            return calendar.SolarHijri.name
        return company.sales_panel_calendar or calendar.Gregorian.name

    def _sales_panel_display_calendar(self):
        """"gregorian" or "jalali": the calendar this user reads dates in (their
        preference; "auto": Solar Hijri in Persian, else the company's calendar)."""
        return self._sales_panel_preference("sales_panel_date_calendar", self._sales_panel_lang_calendar)

    @api.model
    def _sales_panel_lang_digits(self, lang, company):
        """The digits "auto" means for a user of ``lang`` in ``company``."""
        return "persian" if calendar._language(lang) == "fa" and company.sales_panel_persian_digits else "latin"

    def _sales_panel_persian_digits(self):
        """True when this user reads numbers with Persian digits (their preference;
        "auto": the company's setting, for Persian readers)."""
        return self._sales_panel_preference("sales_panel_digits", self._sales_panel_lang_digits) == "persian"

    def _sales_panel_format_date(self, day):
        """``day`` as this user reads it: 1405/09/10 in the Solar Hijri calendar, else in
        the date format of their language (Odoo's ``format_date``)."""
        self.ensure_one()
        code = self._sales_panel_display_calendar()
        if code == calendar.Gregorian.name:
            return format_date(self.env, day)
        return calendar.format_date(day, code)
