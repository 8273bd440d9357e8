"""Amounts in a display unit and phone numbers in the national format, without a database
(crm_sales_base/lib/money.py, lib/phone.py)."""

import json
from pathlib import Path

from odoo.addons.crm_sales_base.lib.money import in_unit, unit_divisor, with_symbol
from odoo.addons.crm_sales_base.lib.phone import display, format_rules, national_rules, to_e164

# Shared with the browser's test of static/src/phone/phone_format.js.
VECTORS = json.loads((Path(__file__).resolve().parents[2] / "addons" / "crm_sales_base" / "tests" / "fixtures"
                      / "phone_display.json").read_text(encoding="utf-8"))["vectors"]


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


def test_shared_vectors_server_side():
    """The vectors the browser's formatter is checked against too (crm_sales_base/tests/
    test_phone_display.py): the server writes each number as the file says."""
    for vector in VECTORS:
        assert display(vector["raw"], vector["region"]) == vector["display"], vector


def test_rules_for_the_web_client():
    rules = national_rules("IR")
    assert (rules["country_code"], rules["national_prefix"], rules["international_prefix"]) == ("98", "0", "00")
    assert {"98", "44", "1", "971"} <= set(rules["calling_codes"])
    assert format_rules(calling_code="44")["country_code"] == "44"
    assert format_rules(calling_code="1")["formats"], "the main region of +1 (the USA)"
    assert format_rules("ZZ") == {}
