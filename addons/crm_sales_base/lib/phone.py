"""Phone numbers typed by people or sent by a PBX, to E.164."""

import functools
import re

import phonenumbers

from .persian import normalize_digits

# Caller IDs a PBX sends when the number is withheld.
_ANONYMOUS = {"anonymous", "unknown", "private", "restricted", "unavailable"}
# The forms of most Iranian numbers (0912 123 4567, +98 912 123 4567, 0098…, dashes): ten
# digits after the national prefix 0 or the country code 98, which phonenumbers gives as
# +98 and those digits (every 4-digit start checked, tests/unit). Read without parsing:
# phonenumbers' parse was most of the time of a call-list import (bench/README.md, issue 23).
_IRAN = re.compile(r"(?:\+98|0098|0)([1-9]\d{9})")


def to_e164(raw, region="IR"):
    """The E.164 form of ``raw`` (e.g. ``+989121234567``), or None when it is empty,
    withheld or not a possible number. Persian and Arabic-Indic digits are accepted;
    ``00`` international prefixes too."""
    if isinstance(raw, str) and (region or "IR").upper() == "IR":
        match = _IRAN.fullmatch(normalize_digits(raw).strip().replace(" ", "").replace("-", ""))
        if match:
            return "+98" + match.group(1)
    return _parse_e164(raw, region)


@functools.lru_cache(maxsize=100_000)  # a PBX repeats the same numbers all day long
def _parse_e164(raw, region="IR"):
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


def display(raw, region="IR"):
    """How people of ``region`` read a number: the national format for that country's
    numbers (``0912 123 4567``), the international one for others (``+44 20 7946 0958``),
    the text as it is when it is not a number (an extension, "anonymous"). What is stored
    does not change: this is for showing only."""
    e164 = to_e164(raw, region)
    if not e164:
        return raw or ""
    number = phonenumbers.parse(e164)
    home = number.country_code == phonenumbers.country_code_for_region((region or "IR").upper())
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        number.country_code, phonenumbers.region_code_for_country_code(number.country_code))
    formats = metadata.number_format if home or not metadata.intl_number_format else metadata.intl_number_format
    if not _format_of(formats, phonenumbers.national_significant_number(number)):
        # A number no rule of its country writes (too short for its area, a typo): as it
        # was typed, rather than its digits run together without their prefix.
        return raw
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _format_of(formats, nsn):
    """The first of ``formats`` that writes the national significant number ``nsn``, as
    phonenumbers chooses it (its leading digits, then its whole pattern); None if none."""
    for rule in formats:
        leading = rule.leading_digits_pattern
        if (not leading or re.match(leading[-1], nsn)) and re.fullmatch(rule.pattern, nsn):
            return rule
    return None


def _formats(formats, national=True):
    return [{
        "pattern": rule.pattern,
        "format": rule.format,
        "leading_digits": rule.leading_digits_pattern[-1] if rule.leading_digits_pattern else "",
        **({"prefix_rule": rule.national_prefix_formatting_rule or ""} if national else {}),
    } for rule in formats]


@functools.lru_cache(maxsize=300)
def format_rules(region="IR", calling_code=None):
    """What the web client's formatter (static/src/phone/phone_format.js) needs to read and
    write the numbers of ``region`` (or of the country calling code ``calling_code``: its
    main region, as phonenumbers formats them) as ``display`` does: phonenumbers' metadata,
    patterns and formats in the regular expression syntax both languages share. {} for an
    unknown region or code."""
    if calling_code:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
            int(calling_code), phonenumbers.region_code_for_country_code(int(calling_code)))
    else:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region((region or "IR").upper())
    if not metadata:
        return {}
    general = metadata.general_desc
    return {
        "country_code": str(metadata.country_code),
        "national_prefix": metadata.national_prefix or "",
        "national_prefix_for_parsing": metadata.national_prefix_for_parsing or "",
        "national_prefix_transform_rule": metadata.national_prefix_transform_rule or "",
        "international_prefix": metadata.international_prefix or "",
        "national_number_pattern": general.national_number_pattern or "",
        "possible_lengths": list(general.possible_length or ()),
        "local_lengths": list(general.possible_length_local_only or ()),
        "formats": _formats(metadata.number_format),
        "intl_formats": _formats(metadata.intl_number_format, national=False),
    }


def national_rules(region="IR"):
    """The rules of ``region`` (``format_rules``) and every country calling code there is,
    for the web client to tell a foreign number's code (and fetch its rules) from the rest
    of the number: the session's share, the company's country."""
    return dict(format_rules(region), calling_codes=CALLING_CODES)


CALLING_CODES = sorted(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
                       if phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
                           code, phonenumbers.region_code_for_country_code(code)))
