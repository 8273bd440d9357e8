"""HTTP clients of the SMS gateways an Iranian company uses, without the ORM.

Each client sends one text to one number and answers a ``Result``: ``sent`` (with the
provider's message id), ``transient`` (worth trying again later: timeouts, refused
connections, 5xx, bodies that are not what the provider writes) or ``permanent`` (the
provider refused this message: trying again would fail the same way).
"""

import dataclasses
import json
import re
import urllib.parse

import requests

from odoo.addons.crm_sales_base.lib import templates

SENT, TRANSIENT, PERMANENT = "sent", "transient", "permanent"
# (connect, read) seconds: a gateway that does not answer within them is "down".
TIMEOUT = (5, 15)


@dataclasses.dataclass(frozen=True)
class Result:
    outcome: str
    message_id: str = ""
    code: str = ""
    reason: str = ""
    failure_type: str = ""  # sms.sms failure_type of a permanent error


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


def _network_error(exc):
    kind = "timeout" if isinstance(exc, requests.Timeout) else "connection error"
    return Result(TRANSIENT, code=kind, reason=f"{kind}: {_excerpt(str(exc))}")


class Kavenegar:
    """https://kavenegar.com/rest.html — ``sms/send.json``."""

    name = "Kavenegar"
    BASE_URL = "https://api.kavenegar.com"
    # Return codes of Kavenegar that say "not now" rather than "never": 409 the server
    # cannot answer at the moment, 429/451 too many requests.
    TRANSIENT_CODES = {409, 429, 451}
    FAILURE_TYPES = {
        401: "sms_acc", 403: "sms_acc", 416: "sms_acc",
        411: "sms_number_format", 418: "sms_credit",
    }

    def __init__(self, api_key, sender="", base_url=None, timeout=TIMEOUT, session=None):
        self.api_key = api_key or ""
        self.sender = sender or ""
        self.base_url = (base_url or self.BASE_URL).rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def send(self, number, message, local_id=""):
        url = f"{self.base_url}/v1/{urllib.parse.quote(self.api_key, safe='')}/sms/send.json"
        data = {"receptor": national_ir(number), "message": message}
        if self.sender:
            data["sender"] = self.sender
        if local_id:
            # Kavenegar answers a repeated localid with the first send instead of sending
            # again: a retry after a timeout that did reach it cannot send twice.
            data["localid"] = str(local_id)
        try:
            response = self.session.post(url, data=data, timeout=self.timeout)
        except requests.RequestException as exc:
            return _network_error(exc)
        try:
            payload = response.json()
            status = int(payload["return"]["status"])
            text = str(payload["return"].get("message") or "")
        except (ValueError, KeyError, TypeError):
            if response.status_code >= 500 or response.ok:
                return Result(TRANSIENT, code=str(response.status_code),
                              reason=f"invalid response (HTTP {response.status_code}): "
                                     f"{_excerpt(response.text)}")
            return Result(PERMANENT, code=str(response.status_code), failure_type="unknown",
                          reason=f"HTTP {response.status_code}: {_excerpt(response.text)}")
        if status == 200:
            entries = payload.get("entries") or [{}]
            return Result(SENT, message_id=str(entries[0].get("messageid") or ""), code="200")
        reason = f"{self.name} {status}: {text}".strip()
        if status >= 500 or status in self.TRANSIENT_CODES:
            return Result(TRANSIENT, code=str(status), reason=reason)
        return Result(PERMANENT, code=str(status), reason=reason,
                      failure_type=self.FAILURE_TYPES.get(status, "unknown"))


class HttpGateway:
    """Any gateway reached by one HTTP request per text: GSM/SIM boxes and the many
    Iranian providers with a "send" URL. The URL template holds placeholders; with POST
    its query string is sent as the form body instead."""

    name = "HTTP gateway"
    PLACEHOLDERS = ("to", "to_national", "to_digits", "message", "sender", "uid")

    def __init__(self, url_template, method="GET", success_pattern="", sender="",
                 timeout=TIMEOUT, session=None):
        self.url_template = url_template or ""
        self.method = (method or "GET").upper()
        self.success = re.compile(success_pattern or r"\S", re.S)
        self.sender = sender or ""
        self.timeout = timeout
        self.session = session or requests.Session()

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
            return _network_error(exc)
        code = str(response.status_code)
        if response.status_code >= 500 or response.status_code in (408, 429):
            return Result(TRANSIENT, code=code, reason=f"HTTP {code}: {_excerpt(response.text)}")
        match = self.success.search(response.text) if response.ok else None
        if not match:
            return Result(PERMANENT, code=code, failure_type="unknown",
                          reason=f"HTTP {code}: {_excerpt(response.text)}")
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
