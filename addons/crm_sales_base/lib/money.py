"""How amounts are shown (plain Python): in their currency, or in a display unit of it.

Stored amounts always stay in the currency. A display unit is a company setting that only
changes what people read: the Iranian toman is ten rials, the unit Iranians count in, while
books, banks and invoices keep rials. A unit applies to its currency only; amounts in other
currencies are shown as they are.
"""

import math

# unit code: (ISO codes of the currencies it applies to, how many currency units make one)
DISPLAY_UNITS = {
    "toman": (("IRR",), 10),
}


def unit_divisor(unit, currency_code):
    """How many units of ``currency_code`` make one of ``unit``; None when ``unit`` does not
    apply to that currency (or is ``"currency"``, the currency itself)."""
    currencies, divisor = DISPLAY_UNITS.get(unit, ((), None))
    return divisor if currency_code in currencies else None


def in_unit(amount, unit, currency_code):
    """``amount`` of ``currency_code`` counted in the display ``unit`` (whole units: nobody
    counts half tomans), or None when the unit does not apply to that currency."""
    divisor = unit_divisor(unit, currency_code)
    if not divisor:
        return None
    value = abs(amount or 0.0) / divisor
    # Halves away from zero, as the web client's formatter rounds (Python's round() would
    # give 2 for 2.5 where the browser shows 3).
    return int(math.copysign(math.floor(value + 0.5), amount or 0.0))


def with_symbol(number_text, symbol, position="after", separator="\u00a0"):
    """The formatted number with its symbol before or after it (a no-break space between,
    as Odoo's monetary fields: the amount never breaks from its unit)."""
    if not symbol:
        return number_text
    return f"{symbol}{separator}{number_text}" if position == "before" else f"{number_text}{separator}{symbol}"
