"""Secrets out of error texts, in one place (issue 15).

Network libraries put the request URL in their messages (``requests`` writes "Max
retries exceeded with url: /v1/<key>/sms/send.json?…"), database drivers echo their
DSN: whatever the suite stores on a record, shows in a notification or writes to the
server log from an exception goes through :func:`redact` first.

What goes:

- the secret values the caller names (API keys, passwords, tokens), also URL-quoted;
- the ``user:password@`` of a URL;
- the value of every ``name=value`` / ``name: value`` pair whose name says secret or
  login (password, pass, pwd, key, apikey, api_key, token, secret, user, username, …),
  in a URL query, a form body, a DSN or a dict's repr;
- ``Bearer``/``Basic`` credentials;
- Kavenegar's API key, which sits in the URL path (``/v1/<key>/sms/send.json``).
"""

import re
import urllib.parse

MASK = "***"

# Names of parameters whose value is a secret or a login. Matched at the end of a longer
# name too ("api_key", "access_token", "db_password", "smsuser"): masking a harmless value
# costs less than leaking a key under a provider's own spelling.
_SECRET_NAME = (
    r"[A-Za-z0-9_.\-]*?"
    r"(?:password|passwd|passphrase|pass|pwd|pin|apikey|api_key|api-key|key|token|secret"
    r"|signature|sig|auth|credentials?|username|user|login|uname|usr)"
)
# name=value in queries, form bodies and DSNs; the value ends at a separator or a quote.
_PAIR_RE = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(" + _SECRET_NAME + r")(\s*=\s*)([^&;,\s'\"<>)]+)")
# 'name': 'value', "name": "value", name='value' (dict reprs, JSON, keyword arguments).
_QUOTED_RE = re.compile(
    r"(?i)([\"']?)(?<![A-Za-z0-9_])(" + _SECRET_NAME + r")\1(\s*[:=]\s*)([\"'])(.*?)\4")
# scheme://user:password@host and scheme://user@host.
_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@'\"]+@")
# Kavenegar (and its look-alikes): https://api.kavenegar.com/v1/<key>/sms/send.json
_KEY_IN_PATH_RE = re.compile(r"(?i)(/v1/)[^/\s?#'\"]+(/[a-z_]+/[a-z_]+\.json)")
_BEARER_RE = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=\-]{8,}")


def _spellings(secret):
    """The ways a secret shows up in a message: as is and URL-quoted (path, query, form)."""
    found = {secret}
    found.add(urllib.parse.quote(secret, safe=""))
    found.add(urllib.parse.quote_plus(secret, safe=""))
    found.add(urllib.parse.quote(secret))
    for quoted in list(found):
        # Percent escapes in lower case, as some libraries write them.
        found.add(re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quoted))
    return found


def redact(text, secrets=()):
    """``text`` (any object; ``None`` gives ``""``) without secrets, for storing or logging.

    ``secrets``: the values of the configuration at hand (a gateway's API key and
    password, a database password). Empty values are ignored; every spelling of a given
    secret is masked wherever it appears, even inside a word.
    """
    if text is None:
        return ""
    text = str(text)
    values = set()
    for secret in secrets or ():
        if secret is None:
            continue
        secret = str(secret)
        if secret.strip():
            values |= _spellings(secret)
    # Longest first: a secret containing another is masked whole.
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, MASK)
    text = _USERINFO_RE.sub(lambda m: m.group(1) + MASK + "@", text)
    text = _KEY_IN_PATH_RE.sub(lambda m: m.group(1) + MASK + m.group(2), text)
    text = _QUOTED_RE.sub(
        lambda m: m.group(1) + m.group(2) + m.group(1) + m.group(3) + m.group(4) + MASK + m.group(4),
        text)
    text = _PAIR_RE.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
    return _BEARER_RE.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
