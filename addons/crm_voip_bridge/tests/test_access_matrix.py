import os
import shutil
import tempfile

from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import (
    OWN_WIZARD,
    REFUSED,
    SEEN_AS_CALLS,
    AccessMatrixCase,
    ConnectionCounter,
)

# Columns of each group: agent A1's record, agent B1's (other team), the second company's.
# Calls as contacts: agents their own, supervisors their teams', managers all; the PBX
# writes them (CDR sync), managers may correct them.
CALL = {
    #              read write create unlink
    "agent":      "+--  +--   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  +--   ---    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
CALL_LEG = SEEN_AS_CALLS
# Company-wide records (a1: the first company's, co2: the second's): managers read them,
# system administrators configure them.
MANAGER_READS = {
    "agent":      "-.-  -.-   -.-    -.-",
    "marketer":   "-.-  -.-   -.-    -.-",
    "supervisor": "-.-  -.-   -.-    -.-",
    "manager":    "+.-  -.-   -.-    -.-",
    "salesman":   "-.-  -.-   -.-    -.-",
    "portal":     "-.-  -.-   -.-    -.-",
}
# PBX extensions (who has which, their live state): the company's Sales Panel roles read
# them; the service writes them. Click-to-call requests: their maker's, managers read the
# company's.
PBX_EXTENSION = {
    "agent":      "++-  ---   ---    ---",
    "marketer":   "++-  ---   ---    ---",
    "supervisor": "++-  ---   ---    ---",
    "manager":    "++-  ---   ---    ---",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
PBX_ORIGINATE = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "---  ---   ---    ---",
    "manager":    "++-  ---   ---    ---",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# The add-number wizard: on a call and a contact the user may see.
NUMBER_WIZARD = OWN_WIZARD
# The after-call step: the call's agent's, or a manager's for them (not the supervisor's).
NEXT_STEP_WIZARD = {
    "agent":      "+-.  +-.   +-.    --.",
    "marketer":   "--.  --.   --.    --.",
    "supervisor": "--.  --.   --.    --.",
    "manager":    "--.  --.   ++.    --.",
    "salesman":   "--.  --.   --.    --.",
    "portal":     "--.  --.   --.    --.",
}
PUBLIC_METHODS = {
    ("crm.call", "action_create_contact"): REFUSED,
    ("crm.call", "action_add_number_to_contact"): REFUSED,
    # Agents and marketers with a PBX extension (tests/test_pbx_live.py); A1 has none here.
    ("crm.call", "sales_panel_dial"): {"portal": REFUSED, "agent": REFUSED, "args": ["09121234567"]},
    ("crm.call", "action_sales_panel_next_step"): REFUSED,
    # The pop's card: the call's agent, its team's supervisor, managers (tests/test_call_card.py).
    ("crm.call", "sales_panel_card"): REFUSED,
    ("ir.http", "session_info"): "the web client's own session; says whether the user may call (T1)",
    ("crm.call", "sales_panel_awaiting_next_step"): {"portal": REFUSED, "agent": "the agent's own calls only"},
    ("crm.call.next.step", "action_apply"): REFUSED,
    ("mail.activity", "action_sales_panel_start"): REFUSED,
    ("mail.activity", "action_sales_panel_cancel"): REFUSED,
    ("mail.activity", "action_sales_panel_unreachable"): REFUSED,
    ("crm.call.number.wizard", "action_apply"): REFUSED,
    ("crm.cdr.source", "action_test_connection"): REFUSED,
    ("crm.cdr.source", "action_sync"): REFUSED,
    ("crm.cdr.source", "action_backfill"): REFUSED,
    ("res.partner", "action_view_calls"): REFUSED,
}
START = "2026-11-21 08:00:00"


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The PBX's database is a loopback port that counts connections: no refused call
        # may make Odoo connect to it.
        cls.pbx = ConnectionCounter().start()
        cls.addClassCleanup(cls.pbx.stop)
        cls.monitor = tempfile.mkdtemp(prefix="sp-matrix-")
        cls.addClassCleanup(shutil.rmtree, cls.monitor, ignore_errors=True)
        with open(os.path.join(cls.monitor, "rec.wav"), "wb") as recording:
            recording.write(b"RIFF" + bytes(400))
        Source = cls.env["crm.cdr.source"]
        pbx = {"kind": "mysql", "host": "127.0.0.1", "port": cls.pbx.port, "login": "cdr",
               "password": "secret", "recording_mode": "directory", "recording_dir": cls.monitor}
        cls.source = Source.create(dict(pbx, name="PBX"))
        cls.source_c2 = Source.create(dict(pbx, name="PBX 2", company_id=cls.company_2.id))

        def call(linkedid, user, partner, team=None, source=None, company=None):
            return cls.env["crm.call"].create({
                "linkedid": linkedid, "source_id": (source or cls.source).id, "direction": "incoming",
                "disposition": "answered", "talk_seconds": 90, "start_date": START,
                "number_raw": "09121234567", "number_e164": "+989121234567", "recording_file": "rec.wav",
                "user_id": user.id, "partner_id": partner.id, "team_id": team and team.id,
                "company_id": (company or cls.env.company).id,
            })

        cls.call_a1 = call("m1", cls.agent_a1, cls.customer_a1, cls.team_a)
        cls.call_b1 = call("m2", cls.agent_b1, cls.customer_b1, cls.team_b)
        cls.call_c2 = call("m3", cls.agent_c2, cls.customer_c2, source=cls.source_c2, company=cls.company_2)
        Leg = cls.env["crm.call.leg"]
        cls.legs = {
            key: Leg.create({"call_id": call.id, "source_id": call.source_id.id, "uniqueid": call.linkedid,
                             "linkedid": call.linkedid, "sequence": 1, "calldate": START})
            for key, call in (("a1", cls.call_a1), ("b1", cls.call_b1), ("co2", cls.call_c2))
        }
        Log = cls.env["crm.cdr.sync.log"]
        cls.logs = {"a1": Log.create({"source_id": cls.source.id}),
                    "co2": Log.create({"source_id": cls.source_c2.id})}
        Day, State = cls.env["crm.call.day"], cls.env["crm.call.day.state"]
        cls.days = {"a1": Day.create({"company_id": cls.env.company.id, "day": "2020-01-01"}),
                    "co2": Day.create({"company_id": cls.company_2.id, "day": "2020-01-01"})}
        cls.day_states = {"a1": State.create({"company_id": cls.env.company.id, "day": "2020-01-01"}),
                          "co2": State.create({"company_id": cls.company_2.id, "day": "2020-01-01"})}
        Wizard = cls.env["crm.call.number.wizard"]
        cls.wizard_a1 = Wizard.with_user(cls.agent_a1).create(
            {"call_id": cls.call_a1.id, "partner_id": cls.customer_a1.id})
        cls.wizard_b1 = Wizard.with_user(cls.agent_b1).create(
            {"call_id": cls.call_b1.id, "partner_id": cls.customer_b1.id})
        NextStep = cls.env["crm.call.next.step"]
        cls.next_step_a1 = NextStep.with_user(cls.agent_a1).create({"call_id": cls.call_a1.id})
        cls.next_step_b1 = NextStep.with_user(cls.agent_b1).create(
            {"call_id": cls.call_b1.id, "step": "quotation", "temperature": "hot"})
        cls.event_b1 = cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get_id("res.partner"), "res_id": cls.customer_b1.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id, "user_id": cls.agent_b1.id})

    def test_calls(self):
        self.assert_model_matrix(
            "crm.call", CALL, {"a1": self.call_a1, "b1": self.call_b1, "co2": self.call_c2},
            read_fields=["display_name", "number_e164", "recording_file"], write_vals={"description": "x"},
            create_vals={
                column: {"linkedid": f"new-{column}", "direction": "outgoing", "start_date": START,
                         "user_id": user.id, "company_id": company.id}
                for column, user, company in (("a1", self.agent_a1, self.env.company),
                                              ("b1", self.agent_b1, self.env.company),
                                              ("co2", self.agent_c2, self.company_2))
            })

    def test_call_legs(self):
        self.assert_model_matrix(
            "crm.call.leg", CALL_LEG, self.legs, read_fields=["src", "dst", "recordingfile"],
            write_vals={"clid": "x"},
            create_vals={
                column: {"call_id": call.id, "source_id": call.source_id.id, "uniqueid": "new",
                         "linkedid": call.linkedid, "sequence": 2, "calldate": START}
                for column, call in (("a1", self.call_a1), ("b1", self.call_b1), ("co2", self.call_c2))
            })

    def test_cdr_sources_and_logs(self):
        self.assert_model_matrix(
            "crm.cdr.source", MANAGER_READS, {"a1": self.source, "co2": self.source_c2},
            read_fields=["name", "last_error", "cursor_date"], write_vals={"name": "x"},
            create_vals={"a1": {"name": "New", "kind": "csv"},
                         "co2": {"name": "New", "kind": "csv", "company_id": self.company_2.id}})
        self.assert_model_matrix(
            "crm.cdr.sync.log", MANAGER_READS, self.logs, read_fields=["errors", "rows_read"],
            write_vals={"errors": "x"},
            create_vals={"a1": {"source_id": self.source.id}, "co2": {"source_id": self.source_c2.id}})
        self.assertEqual(self.pbx.accepted, 0, "reading the sources connects to no PBX")

    def test_pbx_secrets(self):
        self.assert_secrets_hidden(self.source | self.source_c2, [
            "host", "port", "database", "table", "login", "password", "csv_path", "recording_dir",
            "recording_url", "recording_login", "recording_password"])

    def pbx_records(self):
        """A PBX server, extensions and click-to-call requests of each column."""
        self.env["crm.pbx.server"].search([]).active = False
        Server = self.env["crm.pbx.server"]
        pbx = {"host": "127.0.0.1", "port": self.pbx.port, "username": "ami-user", "secret": "ami-secret"}
        servers = {"a1": Server.create(dict(pbx, name="PBX")),
                   "co2": Server.create(dict(pbx, name="PBX 2", company_id=self.company_2.id))}
        users = {"a1": self.agent_a1, "b1": self.agent_b1, "co2": self.agent_c2}
        extensions, requests = {}, {}
        for column, user in users.items():
            server = servers["co2" if column == "co2" else "a1"]
            extensions[column] = self.env["crm.pbx.extension"].create(
                {"name": f"79{len(extensions)}", "server_id": server.id, "user_id": user.id})
            requests[column] = self.env["crm.pbx.originate"].create({
                "user_id": user.id, "server_id": server.id, "extension": "7901", "number": "09121234567",
                "dial_number": "09121234567"})
        return servers, extensions, requests

    def test_pbx_servers_extensions_and_requests(self):
        servers, extensions, requests = self.pbx_records()
        self.assert_model_matrix(
            "crm.pbx.server", MANAGER_READS, servers, read_fields=["name", "state", "last_error"],
            write_vals={"name": "x"},
            create_vals={"a1": {"name": "New", "active": False},
                         "co2": {"name": "New", "active": False, "company_id": self.company_2.id}})
        self.assert_secrets_hidden(servers["a1"] | servers["co2"], ["host", "port", "username", "secret", "tls"])
        self.assert_model_matrix(
            "crm.pbx.extension", PBX_EXTENSION, extensions, read_fields=["name", "user_id", "state"],
            write_vals={"state": "idle"},
            create_vals={column: {"name": f"78{column}", "server_id": servers[
                "co2" if column == "co2" else "a1"].id} for column in ("a1", "b1", "co2")})
        self.assert_model_matrix(
            "crm.pbx.originate", PBX_ORIGINATE, requests, read_fields=["number", "state", "reason"],
            write_vals={"reason": "x"},
            create_vals={column: {"user_id": request.user_id.id, "server_id": request.server_id.id,
                                  "extension": "7902", "number": "0912", "dial_number": "0912"}
                         for column, request in requests.items()})
        self.assertEqual(self.pbx.accepted, 0, "reading the PBX servers connects to no PBX")

    def test_call_figures(self):
        self.assert_model_matrix(
            "crm.call.day", MANAGER_READS, self.days, read_fields=["incoming", "talk_seconds"],
            write_vals={"incoming": 3},
            create_vals={"a1": {"company_id": self.env.company.id, "day": "2020-01-02"},
                         "co2": {"company_id": self.company_2.id, "day": "2020-01-02"}})
        self.assert_model_matrix(
            "crm.call.day.state", MANAGER_READS, self.day_states, read_fields=["dirty"],
            write_vals={"dirty": True},
            create_vals={"a1": {"company_id": self.env.company.id, "day": "2020-01-02"},
                         "co2": {"company_id": self.company_2.id, "day": "2020-01-02"}})

    def test_number_wizard(self):
        self.assert_model_matrix(
            "crm.call.number.wizard", NUMBER_WIZARD, {"a1": self.wizard_a1, "b1": self.wizard_b1},
            read_fields=["number", "partner_id"], write_vals={"target_field": "phone"},
            create_vals={"a1": {"call_id": self.call_a1.id, "partner_id": self.customer_a1.id},
                         "b1": {"call_id": self.call_b1.id, "partner_id": self.customer_b1.id}})

    def test_next_step_wizard(self):
        self.assert_model_matrix(
            "crm.call.next.step", NEXT_STEP_WIZARD, {"a1": self.next_step_a1, "b1": self.next_step_b1},
            read_fields=["partner_id", "step"], write_vals={"summary": "x"},
            create_vals={"a1": {"call_id": self.call_a1.id}, "b1": {"call_id": self.call_b1.id}})

    def test_routes(self):
        route = "/sales_panel/call/<int:call_id>/recording"
        url = "/sales_panel/call/%s/recording"
        self.assert_route_matrix("crm_voip_bridge", [
            (route, "recording of A1's call", url % self.call_a1.id, {
                "agent": 200, "marketer": 403, "supervisor": 200, "manager": 200,
                "salesman": 403, "portal": 403, "public": 303}),
            (route, "recording of B1's call", url % self.call_b1.id, {
                "agent": 403, "marketer": 403, "supervisor": 403, "manager": 200,
                "salesman": 403, "portal": 403, "public": 303}),
            (route, "recording of the second company's call", url % self.call_c2.id, {
                "agent": 403, "marketer": 403, "supervisor": 403, "manager": 403,
                "salesman": 403, "portal": 403, "public": 303}),
        ])

    def test_public_methods(self):
        def side_effects():
            sources = (self.source | self.source_c2).sudo()
            return {
                "connections to the PBX": self.pbx.accepted,
                "sync runs": self.env["crm.cdr.sync.log"].sudo().search_count([]),
                "sources": sources.read(["last_error", "cursor_date"]),
                "B1's contact numbers": self.customer_b1.sudo().read(["phone", "mobile"]),
                "B1's next step and event": (self.call_b1.sudo().next_step,
                                             self.event_b1.sudo().with_context(active_test=False).read(
                                                 ["sales_panel_state", "active"])),
            }

        self.assert_public_methods("crm_voip_bridge", PUBLIC_METHODS, {
            "crm.call": [self.call_b1, self.call_c2],
            "crm.call.number.wizard": [self.wizard_b1],
            "crm.call.next.step": [self.next_step_b1],
            "mail.activity": [self.event_b1],
            "crm.cdr.source": [self.source, self.source_c2],
            "res.partner": [self.customer_b1, self.customer_c2],
            "ir.http": [self.env["ir.http"]],
        }, side_effects)
