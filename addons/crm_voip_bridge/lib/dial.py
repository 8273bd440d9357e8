"""Numbers the PBX dials for click-to-call, from what a user clicked (plain Python).

A contact's number is stored in E.164 (``+989121234567``); the PBX's outbound routes expect
it as a phone of the PBX's country would dial it: national numbers with the trunk prefix
(``09121234567``), foreign ones with the international prefix (``00491701234567``), and on
many PBXs an outside-line digit in front (``9``). Short numbers are the PBX's own
extensions and are dialled as they are.
"""

import dataclasses
import re

import phonenumbers

from odoo.addons.crm_sales_base.lib.persian import normalize_digits
from odoo.addons.crm_sales_base.lib.phone import to_e164

# What people type between digits: spaces, dashes, dots, brackets, the RTL/LTR marks.
_SEPARATORS = re.compile(r"[\s\-.()/\u200e\u200f\u202a-\u202e]")


@dataclasses.dataclass(frozen=True)
class DialRules:
    """How the PBX dials out: ``region`` (ISO country of the PBX), ``national_prefix``
    (trunk prefix, "0" in Iran), ``international_prefix`` ("00"), ``outside_prefix`` (the
    digit that takes an outside line, often empty), ``extension_digits`` (numbers this
    long or shorter are extensions)."""

    region: str = "IR"
    national_prefix: str = "0"
    international_prefix: str = "00"
    outside_prefix: str = ""
    extension_digits: int = 5


def dialable(number, rules):
    """(E.164 number or None for an extension, digits to dial), or None when ``number``
    (as typed: Persian digits, spaces, +, 00) is no number the PBX can dial."""
    if not number or not isinstance(number, str):
        return None
    text = _SEPARATORS.sub("", normalize_digits(number))
    # fullmatch, not str.isdigit(): that takes other scripts' digits and superscripts too.
    if re.fullmatch(r"[0-9]+", text) and len(text) <= rules.extension_digits:
        return None, text
    e164 = to_e164(text, rules.region)
    if not e164:
        return None
    parsed = phonenumbers.parse(e164)
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == phonenumbers.country_code_for_region((rules.region or "IR").upper()):
        digits = (rules.national_prefix or "") + national
    else:
        digits = (rules.international_prefix or "") + str(parsed.country_code) + national
    return e164, (rules.outside_prefix or "") + digits
