"""Numbers the PBX dials for click-to-call (crm_voip_bridge/lib/dial.py)."""

from odoo.addons.crm_voip_bridge.lib.dial import DialRules, dialable


def test_national_foreign_and_extension_numbers():
    rules = DialRules(outside_prefix="9")
    assert dialable("0912 123 4567", rules) == ("+989121234567", "909121234567")
    assert dialable("+49 170 1234567", rules) == ("+491701234567", "900491701234567")
    assert dialable("۱۰۱", rules) == (None, "101")


def test_digits_of_other_kinds_are_no_extension():
    # str.isdigit() takes superscripts and other scripts' digits: never dialled as they are.
    rules = DialRules()
    for text in ("¹⁰¹", "①②", "१०१"):
        result = dialable(text, rules)
        assert result is None or result[1].isascii(), (text, result)
        assert result is None or result[0], (text, result)
