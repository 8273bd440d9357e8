import datetime

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_sales_base.lib import templates

from ..lib import providers, quiet, segments
from .common import real_requests
from .gateway import Gateway


@tagged("post_install", "-at_install")
class TestSegments(TransactionCase):
    def test_gsm7_and_ucs2_limits(self):
        self.assertEqual(segments.count(""), segments.Parts("gsm7", 0, 0, 160))
        self.assertEqual(segments.count("a" * 160).parts, 1)
        self.assertEqual(segments.count("a" * 161), segments.Parts("gsm7", 161, 2, 153))
        self.assertEqual(segments.count("a" * 306).parts, 2)
        self.assertEqual(segments.count("a" * 307).parts, 3)
        self.assertEqual(segments.count("€" * 80).length, 160, "extension characters take two")

    def test_persian_is_ucs2(self):
        self.assertEqual(segments.count("س" * 70), segments.Parts("ucs2", 70, 1, 70))
        self.assertEqual(segments.count("س" * 71), segments.Parts("ucs2", 71, 2, 67))
        self.assertEqual(segments.count("س" * 134).parts, 2)
        self.assertEqual(segments.count("س" * 135).parts, 3)
        self.assertEqual(segments.count("a" * 69 + "😀").length, 71, "an emoji is two UTF-16 units")


@tagged("post_install", "-at_install")
class TestTemplatesAndQuietHours(TransactionCase):
    def test_placeholders(self):
        text = "سلام {name}، {agent} از {company} {unknown} {name} {x-y}"
        self.assertEqual(templates.unknown(text, ("name", "agent", "company")), ["unknown"])
        self.assertEqual(templates.render("Hi {name} {{", {"name": "Ali"}), "Hi Ali {{")
        self.assertEqual(templates.render("{a.__class__}", {"a": 1}), "{a.__class__}")
        self.assertEqual(templates.render("?t={message}", {"message": "a b&c"},
                                          quote=lambda v: v.replace(" ", "+")), "?t=a+b&c")

    def test_quiet_hours(self):
        day = datetime.date(2026, 11, 22)

        def at(hour, minute=0, days=0):
            return datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(hour, minute))

        self.assertTrue(quiet.is_quiet(at(22), 21.0, 8.0))
        self.assertTrue(quiet.is_quiet(at(3), 21.0, 8.0))
        self.assertFalse(quiet.is_quiet(at(8), 21.0, 8.0))
        self.assertFalse(quiet.is_quiet(at(20, 59), 21.0, 8.0))
        self.assertEqual(quiet.release(at(22), 21.0, 8.0), at(8, days=1))
        self.assertEqual(quiet.release(at(3), 21.0, 8.0), at(8))
        self.assertEqual(quiet.release(at(12), 21.0, 8.0), at(12))
        self.assertEqual(quiet.release(at(13), 12.5, 14.0), at(14))
        self.assertFalse(quiet.is_quiet(at(3), 0.0, 0.0), "equal bounds: no quiet hours")


@tagged("post_install", "-at_install")
class TestProviders(TransactionCase):
    """The clients against a loopback server behaving like each provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway = Gateway(sleep=1.0).start()
        cls.addClassCleanup(cls.gateway.stop)

    def setUp(self):
        super().setUp()
        self.gateway.modes = []
        self.gateway.received.clear()
        self.gateway.delivered.clear()
        self.gateway.local_ids.clear()

    def kavenegar(self, key="good-key", timeout=providers.TIMEOUT):
        return providers.Kavenegar(key, "10004346", base_url=self.gateway.url, timeout=timeout)

    def test_kavenegar_success(self):
        result = self.kavenegar().send("+989121234567", "سلام", local_id=7)
        self.assertEqual(result.outcome, providers.SENT)
        self.assertTrue(result.message_id)
        path, params = self.gateway.received[-1]
        self.assertEqual(path, "/v1/good-key/sms/send.json")
        self.assertEqual((params["receptor"], params["message"], params["sender"], params["localid"]),
                         ("09121234567", "سلام", "10004346", "7"))
        again = self.kavenegar().send("+989121234567", "سلام", local_id=7)
        self.assertEqual(again.message_id, result.message_id, "same localid: the first send")
        self.assertEqual(len(self.gateway.delivered), 1)

    def test_kavenegar_errors(self):
        wrong_key = self.kavenegar(key="bad").send("+989121234567", "x")
        self.assertEqual((wrong_key.outcome, wrong_key.code, wrong_key.failure_type),
                         (providers.PERMANENT, "401", "sms_acc"))
        self.assertIn("کلید API نامعتبر است", wrong_key.reason)
        self.gateway.modes = ["4xx"]
        invalid = self.kavenegar().send("+989121234567", "x")
        self.assertEqual((invalid.outcome, invalid.code, invalid.failure_type),
                         (providers.PERMANENT, "411", "sms_number_format"))
        self.assertIn("Kavenegar 411", invalid.reason)
        self.gateway.modes = ["5xx", "badjson"]
        self.assertEqual(self.kavenegar().send("+989121234567", "x").outcome, providers.TRANSIENT)
        bad_json = self.kavenegar().send("+989121234567", "x")
        self.assertEqual(bad_json.outcome, providers.UNKNOWN, "a 2xx that is not Kavenegar's may have sent")
        self.assertIn("invalid response", bad_json.reason)

    def test_timeout_and_refused_connection(self):
        # The request left: whether the gateway took the text is unknown, never "try again".
        self.gateway.modes = ["timeout"]
        late = self.kavenegar(timeout=(1, 0.2)).send("+989121234567", "x")
        self.assertEqual((late.outcome, late.code), (providers.UNKNOWN, "timeout"))
        self.assertIn("outcome unknown", late.reason)
        # It never arrived: safe to send again.
        closed = providers.Kavenegar("secret-key", base_url="http://127.0.0.1:9").send("+989121234567", "x")
        self.assertEqual((closed.outcome, closed.code), (providers.TRANSIENT, "connection error"))
        self.assertNotIn("secret-key", closed.reason)
        self.assertIn("/v1/***/sms/send.json", closed.reason)
        with real_requests():
            nowhere = providers.HttpGateway(
                "http://sms-box.invalid/send?u=admin-user&p=box-password&to={to}&m={message}").send("+989121234567", "x")
        self.assertEqual(nowhere.outcome, providers.TRANSIENT)
        self.assertIn("sms-box.invalid", nowhere.reason)
        self.assertNotIn("box-password", nowhere.reason)
        self.assertNotIn("admin-user", nowhere.reason)

    def test_http_gateway_secrets_whatever_their_length(self):
        """Every literal value of the URL template is masked, short passwords included;
        numbers (a line, a flag) and placeholders are not secrets."""
        secrets = providers.HttpGateway.secrets_of(
            "http://box.lan/send?u=admin&p=abc&line=1&to={to}&m={message}&k=x9")
        self.assertEqual(set(secrets), {"admin", "abc", "x9"})

    def test_kavenegar_status_query(self):
        """``localid`` finds what Kavenegar got; an id it never got is "absent"."""
        sent = self.kavenegar().send("+989121234567", "x", local_id=41)
        found = self.kavenegar().status(41)
        self.assertEqual((found.outcome, found.message_id), (providers.SENT, sent.message_id))
        self.assertEqual(self.kavenegar().status(42).outcome, providers.ABSENT)
        self.assertEqual(self.gateway.received[-1], ("/v1/good-key/sms/statuslocalmessageid.json", {"localid": "42"}))
        self.assertEqual(self.kavenegar(key="bad").status(41).outcome, providers.PERMANENT)
        self.assertEqual(len(self.gateway.delivered), 1, "a status query sends nothing")

    def test_http_gateway(self):
        url = self.gateway.url + "/send?to={to_national}&text={message}&from={sender}"
        self.assertEqual(providers.HttpGateway.check(url, r"OK id=(?P<id>\d+)"), [])
        self.assertEqual(providers.HttpGateway.check("ftp://x/{phone}", "("), [
            "the URL must start with http:// or https://", "unknown placeholder(s): {phone}",
            "the success pattern is not a regular expression: missing ), unterminated subpattern "
            "at position 0"])
        for method in ("GET", "POST"):
            client = providers.HttpGateway(url, method, r"OK id=(?P<id>\d+)", sender="3000")
            result = client.send("+989121234567", "سلام & خداحافظ")
            self.assertEqual(result.outcome, providers.SENT, method)
            self.assertTrue(result.message_id.isdigit())
            self.assertEqual(self.gateway.received[-1][1],
                             {"to": "09121234567", "text": "سلام & خداحافظ", "from": "3000"})
        self.gateway.modes = ["4xx", "5xx", "503"]
        client = providers.HttpGateway(url, "GET", r"OK id=(?P<id>\d+)")
        refused = client.send("+989121234567", "x")
        self.assertEqual((refused.outcome, refused.reason), (providers.PERMANENT, "HTTP 400: ERR 12 invalid destination"))
        self.assertEqual(client.send("+989121234567", "x").outcome, providers.UNKNOWN, "a 502 may come after sending")
        self.assertEqual(client.send("+989121234567", "x").outcome, providers.TRANSIENT, "503: not processed")

    def test_http_gateway_success_pattern(self):
        """A 2xx is no "sent" without the provider's success pattern (the default one when
        the settings give none), nor a failure to send again: the request reached the
        gateway, its outcome is unknown."""
        url = self.gateway.url + "/send?to={to_national}&text={message}"
        self.gateway.modes = ["200err", "200err", "ok"]
        default = providers.HttpGateway(url, "GET")
        answer = default.send("+989121234567", "x")
        self.assertEqual((answer.outcome, answer.code), (providers.UNKNOWN, "200"))
        self.assertIn("without the success pattern", answer.reason)
        self.assertIn("outcome unknown", answer.reason)
        self.assertIn("ERR 7 invalid password", answer.reason)
        own = providers.HttpGateway(url, "GET", r"^OK id=(?P<id>\d+)")
        self.assertEqual(own.send("+989121234567", "x").outcome, providers.UNKNOWN)
        self.assertEqual(default.send("+989121234567", "x").outcome, providers.SENT, "OK id=… matches the default")

    def test_backoff_and_reports(self):
        self.assertEqual([providers.backoff_minutes(n) for n in range(1, 8)], [1, 2, 4, 8, 16, 30, 30])
        self.assertEqual(providers.delivery_state("10"), "delivered")
        self.assertEqual(providers.delivery_state("DELIVRD"), "delivered")
        self.assertEqual(providers.delivery_state(11), "failed")
        self.assertEqual(providers.delivery_state("4"), "pending")
