"""HTTP clients of the SMS gateways an Iranian company uses, without the ORM.

Each client sends one text to one number and answers a ``Result``:

- ``sent`` (with the provider's message id);
- ``transient``: the text surely did not go and may be sent again later (connection
  refused, a name that does not resolve, a connect timeout, the provider answering
  "not now");
- ``unknown``: the request left and no usable answer came back (read timeout, connection
  cut after sending, a 2xx body that is not what the provider writes, a 5xx that does not
  say "not processed"). The gateway may have sent it: sending again could text the
  customer twice, so it is settled by the provider's status query, a delivery report or
  a person, never by a blind resend;
- ``permanent``: the provider refused this message; trying again would fail the same way.

Reasons never hold the client's secrets (``lib.redact``): network errors quote the URL.
"""

import dataclasses
import json
import re
import urllib.parse

import requests
import urllib3

from odoo.addons.crm_sales_base.lib import templates
from odoo.addons.crm_sales_base.lib.redact import redact

SENT, TRANSIENT, UNKNOWN, PERMANENT = "sent", "transient", "unknown", "permanent"
# Answer of a status query for a message the provider never received.
ABSENT = "absent"
# (connect, read) seconds: a gateway that does not answer within them is "down".
TIMEOUT = (5, 15)


@dataclasses.dataclass(frozen=True)
class Result:
    outcome: str
    message_id: str = ""
    code: str = ""
    reason: str = ""
    failure_type: str = ""  # sms.sms failure_type of a permanent error
    status: str = ""  # delivery status a status query found (``delivery_state`` reads it)


def backoff_minutes(attempt):
    """Wait before try ``attempt + 1``: 1, 2, 4, 8, 16, then every 30 minutes."""
    return min(2 ** max(attempt - 1, 0), 30)


def national_ir(e164):
    """Iranian numbers as local gateways want them (``09121234567``); others ``00…``."""
    if e164.startswith("+98"):
        return "0" + e164[3:]
    return "00" + e164.lstrip("+")


def _excerpt(text, size=200):
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[:size] + "…"


def never_arrived(exc):
    """True when ``exc`` (a ``requests`` error) proves the request never reached the
    server: no TCP connection (refused, unreachable, connect timeout), no address for the
    name, no TLS handshake. Any other error may have come after the server got it."""
    if isinstance(exc, (requests.ConnectTimeout, requests.exceptions.SSLError,
                        requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return True
    if isinstance(exc, requests.ConnectionError):
        cause = exc.args[0] if exc.args else None
        # urllib3 wraps a failed connect (refused, DNS) as MaxRetryError(NewConnectionError).
        return isinstance(getattr(cause, "reason", None), urllib3.exceptions.NewConnectionError)
    return False


def describe(exc):
    """A short text of a ``requests`` error: where it went and the root cause
    ("127.0.0.1:9 /v1/…: Failed to establish a new connection: [Errno 111] Connection
    refused") instead of urllib3's nesting, whose end is what tells what happened."""
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, "reason", None)
    pool = getattr(cause, "pool", None)
    text = str(reason if reason is not None else exc)
    text = re.sub(r"<[\w.]+ object at 0x[0-9a-f]+>:?\s*", "", text)
    if pool is not None and getattr(pool, "host", None):
        text = f"{pool.host}:{pool.port} {getattr(cause, 'url', '') or ''}: {text}"
    return text


def _network_error(exc, secrets=()):
    text = _excerpt(redact(describe(exc), secrets), 300)
    if never_arrived(exc):
        return Result(TRANSIENT, code="connection error", reason=f"connection error: {text}")
    kind = "timeout" if isinstance(exc, requests.Timeout) else "connection lost"
    return Result(UNKNOWN, code=kind,
                  reason=f"{kind} after the request left, outcome unknown: {text}")


class Kavenegar:
    """https://kavenegar.com/rest.html — ``sms/send.json``, ``sms/statuslocalmessageid.json``."""

    name = "Kavenegar"
    BASE_URL = "https://api.kavenegar.com"
    # Return codes of Kavenegar that say "not now" rather than "never": 409 the server
    # cannot answer at the moment, 429/451 too many requests.
    TRANSIENT_CODES = {409, 429, 451}
    FAILURE_TYPES = {
        401: "sms_acc", 403: "sms_acc", 416: "sms_acc",
        411: "sms_number_format", 418: "sms_credit",
    }
    # Message status of a status query for an id Kavenegar does not know.
    UNKNOWN_MESSAGE = 100

    def __init__(self, api_key, sender="", base_url=None, timeout=TIMEOUT, session=None):
        self.api_key = api_key or ""
        self.sender = sender or ""
        self.base_url = (base_url or self.BASE_URL).rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    @property
    def secrets(self):
        """Values ``redact`` masks in whatever this client reports."""
        return (self.api_key,)

    def _url(self, method):
        return f"{self.base_url}/v1/{urllib.parse.quote(self.api_key, safe='')}/sms/{method}.json"

    def _post(self, method, data):
        """(payload, status, text) of a call, or a ``Result`` when there is no usable JSON."""
        try:
            response = self.session.post(self._url(method), data=data, timeout=self.timeout)
        except requests.RequestException as exc:
            return _network_error(exc, self.secrets)
        try:
            payload = response.json()
            return payload, int(payload["return"]["status"]), str(payload["return"].get("message") or "")
        except (ValueError, KeyError, TypeError):
            body = _excerpt(redact(response.text, self.secrets))
            if response.status_code >= 500:
                # Kavenegar (or its proxy) says it failed; a retry carries the same
                # ``localid``, which Kavenegar answers with the first send if there was one.
                return Result(TRANSIENT, code=str(response.status_code),
                              reason=f"HTTP {response.status_code}: {body}")
            if response.ok:
                # 2xx but not Kavenegar's JSON (a maintenance page): it may have sent.
                return Result(UNKNOWN, code=str(response.status_code),
                              reason=f"invalid response (HTTP {response.status_code}), outcome unknown: {body}")
            return Result(PERMANENT, code=str(response.status_code), failure_type="unknown",
                          reason=f"HTTP {response.status_code}: {body}")

    def send(self, number, message, local_id=""):
        data = {"receptor": national_ir(number), "message": message}
        if self.sender:
            data["sender"] = self.sender
        if local_id:
            # Kavenegar answers a repeated localid with the first send instead of sending
            # again, and finds the message by it (``status``).
            data["localid"] = str(local_id)
        answer = self._post("send", data)
        if isinstance(answer, Result):
            return answer
        payload, status, text = answer
        if status == 200:
            entries = payload.get("entries") or [{}]
            return Result(SENT, message_id=str(entries[0].get("messageid") or ""), code="200")
        return self._error(status, text)

    def _error(self, status, text):
        reason = redact(f"{self.name} {status}: {text}".strip(), self.secrets)
        if status >= 500 or status in self.TRANSIENT_CODES:
            return Result(TRANSIENT, code=str(status), reason=reason)
        return Result(PERMANENT, code=str(status), reason=reason,
                      failure_type=self.FAILURE_TYPES.get(status, "unknown"))

    def status(self, local_id):
        """What Kavenegar knows of the text sent with ``local_id``: ``sent`` (message id and
        delivery status), ``absent`` (it never got it: sending is safe) or, when the query
        itself fails, ``transient``/``unknown``/``permanent`` (ask again later)."""
        answer = self._post("statuslocalmessageid", {"localid": str(local_id)})
        if isinstance(answer, Result):
            return answer
        payload, status, text = answer
        if status != 200:
            return self._error(status, text)
        entry = (payload.get("entries") or [{}])[0] or {}
        message_id = str(entry.get("messageid") or "")
        state = str(entry.get("status") or "")
        if not message_id or message_id.startswith("-") or state == str(self.UNKNOWN_MESSAGE):
            return Result(ABSENT, code=state, reason=f"{self.name}: no message with local id {local_id}")
        return Result(SENT, message_id=message_id, code="200", status=state)


class HttpGateway:
    """Any gateway reached by one HTTP request per text: GSM/SIM boxes and the many
    Iranian providers with a "send" URL. The URL template holds placeholders; with POST
    its query string is sent as the form body instead."""

    name = "HTTP gateway"
    PLACEHOLDERS = ("to", "to_national", "to_digits", "message", "sender", "uid")
    # What most gateways start their answer with when they took the text (GoIP answers
    # "Sending,…"). A provider answering otherwise gets its own pattern in the settings.
    DEFAULT_SUCCESS_PATTERN = r"^\s*(?:OK|Success|Sent|Sending|Accepted|Queued)\b"
    # Answers that say the request was not processed: safe to send again later.
    RETRY_STATUSES = {408, 425, 429, 503}

    def __init__(self, url_template, method="GET", success_pattern="", sender="",
                 timeout=TIMEOUT, session=None):
        self.url_template = url_template or ""
        self.method = (method or "GET").upper()
        self.success_pattern = success_pattern or self.DEFAULT_SUCCESS_PATTERN
        self.success = re.compile(self.success_pattern, re.S | re.I)
        self.sender = sender or ""
        self.timeout = timeout
        self.session = session or requests.Session()

    @property
    def secrets(self):
        return self.secrets_of(self.url_template)

    @staticmethod
    def secrets_of(url_template):
        """The literal values of a URL template: user, password and key of a GSM box or a
        provider are written there (``?u=admin&p=…``), under names of any spelling."""
        try:
            parts = urllib.parse.urlsplit(url_template or "")
            values = [parts.password or "", parts.username or ""]
        except ValueError:  # not a URL at all: nothing of it is sent either
            return ()
        for _name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
            # Placeholders are the SMS's own values. Any other literal may be a password,
            # however short; numbers (line, port, flags) are kept: masking them would garble
            # the reasons without hiding anything a password could be.
            if value and not value.isdigit() and not re.search(r"\{\w+\}", value):
                values.append(value)
        return tuple(v for v in values if v)

    @classmethod
    def check(cls, url_template, success_pattern):
        """Errors of a configuration (a list of texts, empty when it is usable)."""
        errors = []
        if not re.match(r"^https?://", url_template or ""):
            errors.append("the URL must start with http:// or https://")
        bad = templates.unknown(url_template, cls.PLACEHOLDERS)
        if bad:
            errors.append("unknown placeholder(s): " + ", ".join(f"{{{b}}}" for b in bad))
        try:
            re.compile(success_pattern or "")
        except re.error as exc:
            errors.append(f"the success pattern is not a regular expression: {exc}")
        return errors

    def send(self, number, message, local_id=""):
        values = {"to": number, "to_national": national_ir(number), "to_digits": number.lstrip("+"),
                  "message": message, "sender": self.sender, "uid": str(local_id)}
        url = templates.render(self.url_template, values, quote=lambda v: urllib.parse.quote(v, safe=""))
        try:
            if self.method == "POST":
                base, _sep, query = url.partition("?")
                response = self.session.post(
                    base, data=query, timeout=self.timeout,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
            else:
                response = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            return _network_error(exc, self.secrets)
        code = str(response.status_code)
        body = _excerpt(redact(response.text, self.secrets))
        if response.status_code in self.RETRY_STATUSES:
            return Result(TRANSIENT, code=code, reason=f"HTTP {code}: {body}")
        if response.status_code >= 500:
            # A 500/502/504 may come after the box took the text: not resent blindly.
            return Result(UNKNOWN, code=code, reason=f"HTTP {code}, outcome unknown: {body}")
        if not response.ok:
            return Result(PERMANENT, code=code, failure_type="unknown", reason=f"HTTP {code}: {body}")
        match = self.success.search(response.text)
        if not match:
            # A 2xx is not a "sent" (many gateways answer 200 with an error text), nor a
            # failure a Retry may resend: the request reached the gateway, which may have sent.
            return Result(UNKNOWN, code=code,
                          reason=f"HTTP {code} without the success pattern ({self.success_pattern}), "
                                 f"outcome unknown: {body or '(empty answer)'}")
        message_id = match.groupdict().get("id") or ""
        return Result(SENT, message_id=message_id, code=code)


def parse_json(text):
    """Delivery-report bodies some gateways post as JSON (``{}`` when they are not)."""
    try:
        value = json.loads(text or "")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# Delivery reports: Kavenegar's numeric statuses and the words of SMPP-style gateways.
DELIVERED = {"10", "delivered", "delivrd", "deliver"}
UNDELIVERED = {"6", "11", "13", "14", "failed", "undelivered", "undeliv", "rejectd", "rejected",
               "expired", "blocked"}


def delivery_state(status):
    """``"delivered"``, ``"failed"`` or ``"pending"`` (still on its way) of a report status."""
    value = str(status or "").strip().lower()
    if value in DELIVERED:
        return "delivered"
    if value in UNDELIVERED:
        return "failed"
    return "pending"
