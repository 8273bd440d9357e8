"""Phone numbers typed by people or sent by a PBX, to E.164."""

import functools

import phonenumbers

from .persian import normalize_digits

# Caller IDs a PBX sends when the number is withheld.
_ANONYMOUS = {"anonymous", "unknown", "private", "restricted", "unavailable"}


@functools.lru_cache(maxsize=100_000)  # a PBX repeats the same numbers all day long
def to_e164(raw, region="IR"):
    """The E.164 form of ``raw`` (e.g. ``+989121234567``), or None when it is empty,
    withheld or not a possible number. Persian and Arabic-Indic digits are accepted;
    ``00`` international prefixes too."""
    if not raw or not isinstance(raw, str):
        return None
    text = normalize_digits(raw).strip()
    if text.lower() in _ANONYMOUS:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, (region or "IR").upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164):
    """True for mobile numbers (SMS can reach them), False for landlines and unknowns."""
    if not e164:
        return False
    number = phonenumbers.parse(e164)
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
