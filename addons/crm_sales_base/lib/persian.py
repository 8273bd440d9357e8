"""Persian text input: Arabic letters and Persian/Arabic-Indic digits as people type them."""

# Arabic yeh/kaf (and alef maksura) typed on Arabic keyboards look like the Persian ones.
_LETTERS = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
_DIGITS = {chr(0x06F0 + i): str(i) for i in range(10)} | {chr(0x0660 + i): str(i) for i in range(10)}
_LETTERS_TABLE = str.maketrans(_LETTERS)
_DIGITS_TABLE = str.maketrans(_DIGITS)
_PERSIAN_DIGITS_TABLE = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def normalize_digits(text):
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; other characters unchanged."""
    return text.translate(_DIGITS_TABLE) if isinstance(text, str) else text


def persian_digits(text):
    """ASCII digits to Persian ones (۰-۹); other characters unchanged."""
    return text.translate(_PERSIAN_DIGITS_TABLE) if isinstance(text, str) else text


def normalize_letters(text):
    """Arabic ي/ى/ك to Persian ی/ک, so that names and searches treat them alike."""
    return text.translate(_LETTERS_TABLE) if isinstance(text, str) else text


def has_letters(text):
    """True when the text holds a letter of any script (a name, not just a number)."""
    return any(ch.isalpha() for ch in text or "")
