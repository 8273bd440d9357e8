from odoo import api, fields, models

from ..lib import calendar

DIGITS = [("auto", "Automatic"), ("latin", "Latin (0123)"), ("persian", "Persian (۰۱۲۳)")]


class ResUsers(models.Model):
    """The digits the web client shows numbers and dates with (session info
    ``sales_panel_persian_digits``, static/src/digits)."""

    _inherit = "res.users"

    sales_panel_digits = fields.Selection(
        DIGITS, "Digits", default="auto", required=True,
        help="Digits numbers and dates are shown with. Automatic: Persian digits for Persian "
             "when the company shows them (Settings → Sales Panel), else Latin digits.")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["sales_panel_digits"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["sales_panel_digits"]

    @api.model
    def _sales_panel_lang_persian_digits(self, lang, company):
        """What "auto" means for a user of ``lang`` in ``company``."""
        return calendar._language(lang) == "fa" and bool(company.sales_panel_persian_digits)

    def _sales_panel_persian_digits(self):
        """True when this user reads numbers with Persian digits (their preference;
        "auto": the company's setting, for Persian readers)."""
        self.ensure_one()
        choice = self.sales_panel_digits or "auto"
        if choice != "auto":
            return choice == "persian"
        # The company the user works in now (the company switcher) when it is this user.
        company = self.env.company if self == self.env.user else self.company_id
        return self._sales_panel_lang_persian_digits(self.env.context.get("lang") or self.lang, company)
