"""How many SMS parts a text takes (3GPP TS 23.038 / 23.040), without the ORM.

A text that fits the GSM 03.38 alphabet is sent in 7-bit parts (160 characters alone,
153 per part when concatenated, extension characters such as ``€`` or ``{`` taking two);
anything else, Persian included, goes as UCS-2 (70 alone, 67 per part), counted in UTF-16
code units so that an emoji takes two.
"""

import dataclasses

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("\f^{}\\[~]|€")

LIMITS = {"gsm7": (160, 153), "ucs2": (70, 67)}


@dataclasses.dataclass(frozen=True)
class Parts:
    encoding: str  # "gsm7" or "ucs2"
    length: int  # in the encoding's units (septets or UTF-16 code units)
    parts: int
    per_part: int  # characters a part holds at this length


def encoding_of(text):
    return "gsm7" if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text) else "ucs2"


def count(text):
    """The ``Parts`` of ``text`` (an empty text takes no part)."""
    text = text or ""
    encoding = encoding_of(text)
    if encoding == "gsm7":
        length = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    else:
        length = len(text.encode("utf-16-le")) // 2
    single, multi = LIMITS[encoding]
    if length <= single:
        return Parts(encoding, length, 1 if length else 0, single)
    return Parts(encoding, length, -(-length // multi), multi)
