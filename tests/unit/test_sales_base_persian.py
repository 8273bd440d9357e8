"""Persian input and phone numbers, without a database (crm_sales_base/lib)."""

import pytest

from odoo.addons.crm_sales_base.lib.persian import has_letters, normalize_digits, normalize_letters
from odoo.addons.crm_sales_base.lib.phone import is_mobile, to_e164


def test_persian_and_arabic_indic_digits():
    assert normalize_digits("۰۹۱۲ ۳۴۵ ۶۷۸۹") == "0912 345 6789"
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize_digits(None) is None


def test_arabic_letters_become_persian():
    assert normalize_letters("علي كريمي") == "علی کریمی"
    assert normalize_letters("موسى") == "موسی"


def test_names_and_numbers():
    assert has_letters("علی")
    assert has_letters("Ali 2")
    assert not has_letters("+98 912 000 0000")
    assert not has_letters("")


@pytest.mark.parametrize("raw, expected", [
    ("09121234567", "+989121234567"),
    ("۰۹۱۲۱۲۳۴۵۶۷", "+989121234567"),
    ("+98 912 123 4567", "+989121234567"),
    ("00989121234567", "+989121234567"),
    ("989121234567", "+989121234567"),
    ("021 8888 1234", "+982188881234"),
    ("anonymous", None),
    ("", None),
    (None, None),
    ("12", None),
    ("not a number", None),
])
def test_to_e164_iran(raw, expected):
    assert to_e164(raw) == expected


def test_other_region():
    assert to_e164("030 1234567", "DE") == "+49301234567"


def test_mobile_or_landline():
    assert is_mobile("+989121234567")
    assert not is_mobile("+982188881234")
    assert not is_mobile(None)
