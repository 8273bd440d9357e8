"""Persian input and phone numbers, without a database (crm_sales_base/lib)."""

import pytest

from odoo.addons.crm_sales_base.lib.persian import (
    has_letters,
    normalize_digits,
    normalize_letters,
    persian_digits,
)
from odoo.addons.crm_sales_base.lib.phone import _parse_e164, is_mobile, to_e164


def test_persian_and_arabic_indic_digits():
    assert normalize_digits("۰۹۱۲ ۳۴۵ ۶۷۸۹") == "0912 345 6789"
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize_digits(None) is None


def test_persian_digits_written():
    assert persian_digits("1405/09/10 00:30, 0912") == "۱۴۰۵/۰۹/۱۰ ۰۰:۳۰, ۰۹۱۲"
    assert normalize_digits(persian_digits("0123456789")) == "0123456789"
    assert persian_digits(None) is None


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


def test_iranian_forms_read_without_parsing_as_phonenumbers_reads_them():
    """The forms to_e164 reads without phonenumbers (an import of 100 000 numbers) give what
    phonenumbers gives, for every start of the ten digits (area codes, mobile operators)."""
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    for start in range(100, 1000):
        digits = f"{start}{start * 7919 % 10_000_000:07d}"
        for raw in (f"0{digits}", f"+98{digits}", f"0098{digits}", f"0{digits[:3]} {digits[3:6]} {digits[6:]}",
                    f"+98 {digits[:3]}-{digits[3:6]}-{digits[6:]}", f"0{digits}".translate(persian)):
            assert to_e164(raw) == _parse_e164(raw) == f"+98{digits}", raw
    # Other shapes still go through phonenumbers (nine digits after the 0: kept whole).
    assert to_e164("0912123456") == _parse_e164("0912123456") == "+980912123456"
    assert to_e164("09121234567", "DE") == _parse_e164("09121234567", "DE") == "+499121234567"


def test_other_region():
    assert to_e164("030 1234567", "DE") == "+49301234567"


def test_mobile_or_landline():
    assert is_mobile("+989121234567")
    assert not is_mobile("+982188881234")
    assert not is_mobile(None)
