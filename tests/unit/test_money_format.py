"""Amounts in a display unit and phone numbers in the national format, without a database
(crm_sales_base/lib/money.py, lib/phone.py)."""

import re

from odoo.addons.crm_sales_base.lib.money import in_unit, unit_divisor, with_symbol
from odoo.addons.crm_sales_base.lib.phone import display, national_rules, to_e164


def test_toman_is_ten_rials_and_only_for_rials():
    assert unit_divisor("toman", "IRR") == 10
    assert unit_divisor("toman", "USD") is None
    assert unit_divisor("currency", "IRR") is None
    assert in_unit(45_000_000_000, "toman", "IRR") == 4_500_000_000
    assert in_unit(45_000_000_000, "currency", "IRR") is None
    assert in_unit(1_000, "toman", "EUR") is None


def test_whole_tomans_halves_away_from_zero():
    assert in_unit(25, "toman", "IRR") == 3
    assert in_unit(24, "toman", "IRR") == 2
    assert in_unit(-25, "toman", "IRR") == -3
    assert in_unit(None, "toman", "IRR") == 0


def test_symbol_never_breaks_from_the_amount():
    assert with_symbol("4,500,000,000", "تومان") == "4,500,000,000\u00a0تومان"
    assert with_symbol("12.50", "$", "before") == "$\u00a012.50"
    assert with_symbol("12", "") == "12"


def test_national_format_of_the_company_country():
    assert display("+989121234567") == "0912 123 4567"
    assert display("+98 912 123 4567") == "0912 123 4567"
    assert display("۰۹۱۲۱۲۳۴۵۶۷") == "0912 123 4567"
    assert display("00982123456789") == "021 2345 6789"
    assert display("02123456789") == "021 2345 6789"
    # Other countries' numbers in the international format, other text as it is.
    assert display("+442079460958") == "+44 20 7946 0958"
    assert display("+4930123456", "DE") == "030 123456"
    assert display("101") == "101"
    assert display("anonymous") == "anonymous"
    assert display("") == ""
    # Shown only: what is stored stays E.164.
    assert to_e164(display("+989121234567")) == "+989121234567"


def _apply_rules(rules, nsn):
    """The web client's formatter (static/src/phone/phone_display.js), step by step."""
    for rule in rules["formats"]:
        if rule["leading_digits"] and not re.match(f"(?:{rule['leading_digits']})", nsn):
            continue
        if not re.fullmatch(rule["pattern"], nsn):
            continue
        fmt = rule["format"]
        if rule["prefix_rule"]:
            prefix_rule = rule["prefix_rule"]
            fmt = re.sub(r"\\\d", lambda _m, first=prefix_rule: first, fmt, count=1)
        return re.sub(f"^(?:{rule['pattern']})$", fmt, nsn)
    return None


def test_rules_for_the_web_client_give_what_the_server_shows():
    rules = national_rules("IR")
    assert rules["country_code"] == "98"
    assert rules["national_prefix"] == "0"
    for e164 in ("+989121234567", "+982123456789", "+985112345678", "+989901234567"):
        nsn = e164[3:]
        assert _apply_rules(rules, nsn) == display(e164), e164
