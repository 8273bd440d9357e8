from odoo import _, fields, models
from odoo.tools.misc import formatLang

from ..lib import money, phone

AMOUNT_UNITS = [
    ("currency", "In the currency"),
    ("toman", "In tomans (rials ÷ 10)"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_amount_unit = fields.Selection(
        AMOUNT_UNITS,
        "Amounts shown",
        default="currency",
        required=True,
        help="How the suite's screens show amounts: in the currency, or in tomans for amounts "
        "in Iranian rials (rials ÷ 10). Amounts are stored in the currency either way.",
    )

    def _sales_panel_unit_symbols(self):
        """The symbol each display unit is shown with, in the user's language."""
        return {"toman": _("Toman")}

    def _sales_panel_amount_units(self):
        """{currency id: {divisor, symbol}} of the currencies the company's display unit
        changes: what the web client's amount formatter needs (session info)."""
        self.ensure_one()
        unit = self.sales_panel_amount_unit
        codes = money.DISPLAY_UNITS.get(unit, ((), None))[0]
        if not codes:
            return {}
        symbol = self._sales_panel_unit_symbols()[unit]
        currencies = self.env["res.currency"].sudo().with_context(active_test=False).search([("name", "in", codes)])
        return {currency.id: {"divisor": money.unit_divisor(unit, currency.name), "symbol": symbol}
                for currency in currencies}

    def _sales_panel_format_amount(self, amount, currency=None):
        """``amount`` of ``currency`` (default: the company's) as the suite's screens and
        messages show it: in the company's display unit, in the user's language."""
        self.ensure_one()
        currency = currency or self.currency_id
        value, symbol = self._sales_panel_amount_shown(amount, currency)
        if value is None:
            return formatLang(self.env, amount or 0.0, currency_obj=currency)
        return money.with_symbol(formatLang(self.env, value, digits=0), symbol)

    def _sales_panel_amount_shown(self, amount, currency=None):
        """``(number, unit symbol)`` of ``amount`` in the company's display unit (whole
        tomans for rials), or ``(None, None)`` when the unit does not apply to ``currency``
        (default: the company's): the amount is shown in its currency. For numbers written
        as numbers (spreadsheets), where ``_sales_panel_format_amount`` writes text."""
        self.ensure_one()
        currency = currency or self.currency_id
        value = money.in_unit(amount, self.sales_panel_amount_unit, currency.name)
        if value is None:
            return None, None
        return value, self._sales_panel_unit_symbols()[self.sales_panel_amount_unit]

    def _sales_panel_phone_region(self):
        """The country whose numbers are shown in their national format (and read without
        an international prefix): the company's default phone region."""
        return self[:1].sales_panel_phone_country_id.code or "IR"

    def _sales_panel_format_phone(self, number):
        """A phone number as the suite's screens show it (lib/phone.py ``display``)."""
        return phone.display(number, self._sales_panel_phone_region()) if number else ""
