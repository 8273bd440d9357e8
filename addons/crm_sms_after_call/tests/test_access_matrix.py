from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import (
    REFUSED,
    SEEN_AS_CALLS,
    AccessMatrixCase,
    ConnectionCounter,
)

# Columns of each group: agent A1's record, agent B1's (other team), the second company's.
# SMS texts (a1: the first company's, co2: the second's): read by the suite's roles, kept by
# managers.
KIND = {
    #              read write create unlink
    "agent":      "+.-  -.-   -.-    -.-",
    "marketer":   "+.-  -.-   -.-    -.-",
    "supervisor": "+.-  -.-   -.-    -.-",
    "manager":    "+.-  +.-   +.-    +.-",
    "salesman":   "-.-  -.-   -.-    -.-",
    "portal":     "-.-  -.-   -.-    -.-",
}
# What a call led to: seen as the call is, written by the queue.
AFTER_CALL = SEEN_AS_CALLS
# Settling an SMS whose outcome is unknown, and the SMS queue itself: managers and system
# administrators, never an agent nor a portal user.
PUBLIC_METHODS = {
    ("crm.sms.after.call", "action_sms_confirm_sent"): REFUSED,
    ("crm.sms.after.call", "action_sms_confirm_not_sent"): REFUSED,
    ("res.company", "action_sms_new_callback_token"): REFUSED,
    ("res.config.settings", "action_sms_new_callback_token"): REFUSED,
    ("sms.sms", "action_set_outgoing"): REFUSED,
    ("sms.sms", "action_sms_confirm_sent"): REFUSED,
    ("sms.sms", "action_sms_confirm_not_sent"): REFUSED,
    ("sms.sms", "action_set_canceled"): REFUSED,
    ("sms.sms", "action_set_error"): {"portal": REFUSED, "agent": REFUSED, "args": ["sms_server"]},
    ("sms.sms", "resend_failed"): REFUSED,
    ("sms.sms", "send"): REFUSED,
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Both companies' gateways are a loopback port that counts connections: nothing a
        # refused call does may reach a gateway.
        cls.gateway = ConnectionCounter().start()
        cls.addClassCleanup(cls.gateway.stop)
        cls.companies = cls.env.company | cls.company_2
        cls.companies.write({"sms_provider": "kavenegar", "sms_kavenegar_api_key": "key",
                             "sms_kavenegar_url": f"http://127.0.0.1:{cls.gateway.port}"})
        Kind = cls.env["crm.sms.kind"]
        cls.kinds = {column: Kind.create({"name": "Silver", "kind": "silver", "body": "Hello {name}",
                                          "company_id": company.id})
                     for column, company in (("a1", cls.env.company), ("co2", cls.company_2))}

        def after_call(linkedid, user, partner, team, company):
            call = cls.env["crm.call"].create({
                "linkedid": linkedid, "direction": "incoming", "disposition": "answered",
                "start_date": "2026-11-21 08:00:00", "user_id": user.id, "partner_id": partner.id,
                "team_id": team.id, "company_id": company.id})
            return cls.env["crm.sms.after.call"].create({
                "call_id": call.id, "partner_id": partner.id, "user_id": user.id, "team_id": team.id,
                "company_id": company.id, "state": "skipped", "reason": "No SMS kind applies"})

        cls.records = {
            "a1": after_call("s1", cls.agent_a1, cls.customer_a1, cls.team_a, cls.env.company),
            "b1": after_call("s2", cls.agent_b1, cls.customer_b1, cls.team_b, cls.env.company),
            "co2": after_call("s3", cls.agent_c2, cls.customer_c2, cls.env["crm.team"], cls.company_2),
        }
        Sms = cls.env["sms.sms"]
        cls.sms = Sms.create([{"number": "+989121234567", "body": "Hi", "state": "error",
                               "failure_type": "sms_server", "company_id": company.id}
                              for company in cls.companies])
        cls.settings = cls.env["res.config.settings"].create({})

    def test_kinds_and_after_calls(self):
        new_kind = {"name": "Bronze", "kind": "bronze", "body": "Hello {name}"}
        self.assert_model_matrix(
            "crm.sms.kind", KIND, self.kinds, read_fields=["body", "delay_minutes"],
            write_vals={"delay_minutes": 1},
            create_vals={column: dict(new_kind, company_id=company.id)
                         for column, company in (("a1", self.env.company), ("co2", self.company_2))})
        self.assert_model_matrix(
            "crm.sms.after.call", AFTER_CALL, self.records, read_fields=["state", "reason", "body"],
            write_vals={"state": "queued"},
            create_vals={column: {"call_id": record.call_id.id, "company_id": record.company_id.id}
                         for column, record in self.records.items()})

    def test_gateway_secrets(self):
        self.assert_secrets_hidden(self.companies, [
            "sms_kavenegar_api_key", "sms_kavenegar_url", "sms_sender", "sms_http_url",
            "sms_http_success_pattern", "sms_callback_token"])

    def test_delivery_report_route(self):
        company, other = self.env.company.sudo(), self.company_2.sudo()
        route = "/sms_after_call/report/<int:company_id>/<string:token>"
        url = "/sms_after_call/report/%s/%s?messageid=404&status=10"
        everyone = ("agent", "portal", "public")
        self.assert_route_matrix("crm_sms_after_call", [
            (route, "the company's token", url % (company.id, company.sms_callback_token), dict.fromkeys(everyone, 200)),
            (route, "a wrong token", url % (company.id, "x" * 32), dict.fromkeys(everyone, 403)),
            (route, "another company's token", url % (company.id, other.sms_callback_token), dict.fromkeys(everyone, 403)),
        ])

    def test_public_methods(self):
        def side_effects():
            return {
                "tokens": self.companies.sudo().read(["sms_callback_token"]),
                "SMS": self.sms.sudo().read(["state", "sms_next_try", "sms_attempts"]),
                "SMS after calls": self.env["crm.sms.after.call"].sudo().search_read([], ["state", "reason"]),
                "connections to the gateway": self.gateway.accepted,
            }

        self.assert_public_methods("crm_sms_after_call", PUBLIC_METHODS, {
            "crm.sms.after.call": [self.records["b1"], self.records["co2"]],
            "res.company": [self.env.company, self.company_2],
            "res.config.settings": [self.settings],
            "sms.sms": self.sms,
        }, side_effects)
