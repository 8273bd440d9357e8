"""``{name}`` placeholders in texts users write (SMS, gateway URLs, alert messages), without
the ORM.

Only ``{word}`` is a placeholder; other braces are kept as written, so a text may hold
``{`` or ``}`` on their own. Rendering never evaluates anything (no ``str.format``): a
template typed in the settings cannot reach attributes of the values.
"""

import re

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text):
    return PLACEHOLDER.findall(text or "")


def unknown(text, allowed):
    """Placeholders of ``text`` that are not in ``allowed``, in order of appearance."""
    seen = []
    for name in placeholders(text):
        if name not in allowed and name not in seen:
            seen.append(name)
    return seen


def render(text, values, quote=None):
    """``text`` with each ``{name}`` replaced by ``values[name]`` (``quote``d if given)."""

    def replace(match):
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        value = str(value)
        return quote(value) if quote else value

    return PLACEHOLDER.sub(replace, text or "")
