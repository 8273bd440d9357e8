"""Secrets out of error texts (crm_sales_base/lib/redact.py), on the messages ``requests``
really writes for a refused loopback port and a host that does not resolve."""

import socket
import urllib.parse

import pytest
import requests

from odoo.addons.crm_sales_base.lib.redact import MASK, redact

KEY = "4F6B2D7A6E5A47306C7A4B3D"
PASSWORD = "p@ss w0rd/&="


def refused_port():
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def error_of(url, method="get", **kwargs):
    with pytest.raises(requests.RequestException) as info:
        getattr(requests, method)(url, timeout=3, **kwargs)
    return str(info.value)


def test_kavenegar_key_in_the_path_of_a_refused_connection():
    url = f"http://127.0.0.1:{refused_port()}/v1/{KEY}/sms/send.json"
    message = error_of(url, "post", data={"receptor": "09121234567", "message": "hi"})
    assert KEY in message and "Connection refused" in message  # what is stored today
    # Without the key given: the path's shape is enough.
    assert KEY not in redact(message)
    assert f"/v1/{MASK}/sms/send.json" in redact(message)
    assert KEY not in redact(message, [KEY])
    assert "Connection refused" in redact(message, [KEY])


def test_gateway_query_on_an_unresolvable_host():
    query = urllib.parse.urlencode({"username": "acme-sms", "password": PASSWORD,
                                    "to": "09121234567", "text": "سلام"})
    message = error_of(f"http://sms-gateway.invalid/send?{query}")
    quoted = urllib.parse.quote_plus(PASSWORD)
    assert quoted in message and "acme-sms" in message
    for text in (redact(message), redact(message, [PASSWORD, "acme-sms"])):
        assert quoted not in text and PASSWORD not in text
        assert "acme-sms" not in text
        assert "sms-gateway.invalid" in text  # where it failed stays readable
        assert "to=09121234567" in text
    assert "password=***" in redact(message)


def test_secret_in_an_unnamed_parameter_needs_the_value():
    port = refused_port()
    message = error_of(f"http://127.0.0.1:{port}/api/{PASSWORD}/send?p1={urllib.parse.quote(PASSWORD)}")
    text = redact(message, [PASSWORD])
    assert urllib.parse.quote(PASSWORD) not in text and urllib.parse.quote(PASSWORD, safe="") not in text
    assert f"port={port}" in text


def test_userinfo_of_a_url():
    text = redact("could not reach http://admin:hunter2@10.0.0.5:8080/cgi/send and mysql://cdr@db/asteriskcdrdb")
    assert "hunter2" not in text and "admin" not in text and "cdr@" not in text
    assert f"http://{MASK}@10.0.0.5:8080/cgi/send" in text


@pytest.mark.parametrize("raw, leaked", [
    ("host=db user=asterisk password=Secr3t dbname=cdr", ["Secr3t", "asterisk"]),
    ("{'user': 'asterisk', 'passwd': 'Secr3t', 'host': 'db'}", ["Secr3t", "asterisk"]),
    ('{"api_key": "abc123xyz", "status": 401}', ["abc123xyz"]),
    ("GET /send?apikey=abc123xyz&access_token=tok987&pwd=x1", ["abc123xyz", "tok987", "x1"]),
    ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload", ["eyJhbGciOiJIUzI1NiJ9"]),
    ("https://api.kavenegar.com/v1/KEY-1234/verify/lookup.json?token=9876", ["KEY-1234", "9876"]),
])
def test_named_values(raw, leaked):
    text = redact(raw)
    for value in leaked:
        assert value not in text, text


def test_plain_texts_untouched():
    message = "HTTP 502: <html>Bad gateway</html> (host='127.0.0.1', port=8069)"
    assert redact(message) == message
    assert redact(None) == ""
    assert redact(ValueError("boom")) == "boom"
    assert redact("nothing here", ["", None, "   "]) == "nothing here"


def test_longest_secret_first():
    assert redact("key abcdef and abc", ["abc", "abcdef"]) == f"key {MASK} and {MASK}"
