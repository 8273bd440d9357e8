"""Who may change a call, use its buttons and open screens with call fields, through the web
client's RPC as each person (issues 14 and 15)."""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin, SalesPanelCase, outside_user

from ..lib.cdr import Leg

ACCESS_ERROR = "odoo.exceptions.AccessError"
START = "2026-11-21 08:00:00"


def leg(uniqueid, src, dst, channel, dstchannel):
    return Leg(uniqueid=uniqueid, linkedid=uniqueid, sequence=1,
               calldate=fields.Datetime.to_datetime(START), src=src, dst=dst, clid="",
               channel=channel, dstchannel=dstchannel, did="", duration=70, billsec=60,
               disposition="answered", recordingfile="")


@tagged("post_install", "-at_install")
class TestCallAccess(RpcMixin, SalesPanelCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        # The extensions of the later legs of a call (the demo's agents work in the demo company).
        cls.env["res.users"].search([("pbx_extension", "in", ["101", "102"]),
                                     ("company_id", "=", cls.env.company.id)]).pbx_extension = False
        cls.env.flush_all()
        cls.agent_a1.pbx_extension, cls.agent_a2.pbx_extension = "101", "102"
        Call = cls.env["crm.call"]

        def call(linkedid, user, partner, team=None, number="+989121234567"):
            return Call.create({
                "linkedid": linkedid, "source_id": cls.source.id, "direction": "incoming",
                "disposition": "answered", "start_date": START, "talk_seconds": 90,
                "number_raw": number, "number_e164": number, "recording_file": "rec.wav",
                "user_id": user.id, "team_id": team and team.id, "partner_id": partner.id,
            })

        cls.call_a1 = call("acc1", cls.agent_a1, cls.customer_a1, cls.team_a)
        cls.call_marketer = call("acc2", cls.marketer_a, cls.customer_a1, cls.team_a)
        cls.call_b1 = call("acc3", cls.agent_b1, cls.customer_b1, cls.team_b)
        cls.anonymous_a1 = call("acc4", cls.agent_a1, cls.env["res.partner"], cls.team_a, "+989350001111")
        cls.anonymous_b1 = call("acc5", cls.agent_b1, cls.env["res.partner"], cls.team_b, "+989350002222")
        cls.leg_a1 = cls.env["crm.call.leg"].create({
            "call_id": cls.call_a1.id, "source_id": cls.source.id, "uniqueid": "acc1",
            "linkedid": "acc1", "sequence": 1, "calldate": START, "billsec": 60})
        cls.figures = ["direction", "disposition", "start_date", "talk_seconds", "user_id", "team_id",
                       "partner_id", "company_id", "source_id", "recording_file", "leg_ids"]

    def refused_values(self):
        """One value for each field of a call its people may not write."""
        return {
            "direction": "outgoing", "disposition": "busy", "start_date": "2026-11-20 08:00:00",
            "answer_date": "2026-11-20 08:00:10", "end_date": "2026-11-20 08:05:00",
            "ring_seconds": 1, "talk_seconds": 3600, "user_id": self.agent_a2.id,
            "team_id": self.team_b.id, "partner_id": self.customer_a2.id,
            "company_id": self.env.company.id, "source_id": False, "linkedid": "forged",
            "number_raw": "0", "number_e164": "+980", "did": "1",
            "recording_file": "/etc/passwd", "leg_ids": [Command.unlink(self.leg_a1.id)],
        }

    def test_agents_and_marketers_write_the_description_only(self):
        for user, call in ((self.agent_a1, self.call_a1), (self.marketer_a, self.call_marketer),
                           (self.sup_a, self.call_a1)):
            self.authenticate(user.login, user.login)
            before = call.read(self.figures)
            saved = self.rpc("crm.call", "web_save", call.ids, {"description": f"By {user.login}"},
                             specification={"description": {}})
            self.assertEqual(saved[0]["description"], f"By {user.login}")
            for name, value in self.refused_values().items():
                self.assertEqual(self.rpc_error("crm.call", "write", call.ids, {name: value}),
                                 ACCESS_ERROR, f"{user.login} writes {name}")
                self.assertEqual(self.rpc_error("crm.call", "web_save", call.ids,
                                                {"description": "x", name: value}, specification={}),
                                 ACCESS_ERROR, f"{user.login} saves {name}")
            call.invalidate_recordset()
            self.assertEqual(call.read(self.figures), before, user.login)
            self.assertEqual(call.description, f"By {user.login}")
            self.assertEqual(self.rpc_error("crm.call", "create", {
                "linkedid": "new", "direction": "incoming", "start_date": START, "user_id": user.id}),
                ACCESS_ERROR)

    def test_managers_corrections_stay_in_the_chatter(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("crm.call", "web_save", self.call_a1.ids,
                 {"talk_seconds": 30, "disposition": "no_answer", "user_id": self.agent_a2.id},
                 specification={})
        self.assertEqual((self.call_a1.talk_seconds, self.call_a1.disposition, self.call_a1.user_id),
                         (30, "no_answer", self.agent_a2))
        message = self.call_a1.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(message.author_id, self.manager.partner_id)
        changes = {value.field_id.name: (value.old_value_integer, value.new_value_integer)
                   for value in message.tracking_value_ids}
        self.assertEqual(set(changes), {"talk_seconds", "disposition", "user_id"})
        self.assertEqual(changes["talk_seconds"], (90, 30))
        # Where the call and its recording come from is the PBX's, even for managers.
        for name in ("recording_file", "source_id", "linkedid", "leg_ids"):
            self.assertEqual(self.rpc_error("crm.call", "write", self.call_a1.ids,
                                            {name: self.refused_values()[name]}), ACCESS_ERROR, name)
        self.assertEqual(self.call_a1.recording_file, "rec.wav")
        # A call made by hand carries no recording either.
        self.assertEqual(self.rpc_error("crm.call", "create", {
            "linkedid": "by-hand", "direction": "outgoing", "start_date": START,
            "recording_file": "/etc/passwd"}), ACCESS_ERROR)
        self.rpc("crm.call", "create", {"linkedid": "by-hand", "direction": "outgoing", "start_date": START})

    def test_managers_corrections_survive_later_rows_of_the_call(self):
        """A transfer's rows or the nightly re-read bring more legs of a call: the sync sums
        the call up again, but what a manager corrected stays the manager's."""
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("crm.call", "web_save", self.call_a1.ids,
                 {"talk_seconds": 30, "user_id": self.agent_a2.id}, specification={})
        self.assertEqual(self.call_a1.sales_panel_corrected_fields, "talk_seconds,user_id")
        self.assertEqual(self.rpc_error("crm.call", "write", self.call_a1.ids,
                                        {"sales_panel_corrected_fields": False}), ACCESS_ERROR)
        later = leg("acc1", "09121234567", "102", "SIP/trunk-0001", "SIP/102-0002")
        later.sequence, later.billsec, later.duration = 2, 45, 50
        self.env["crm.call"]._sales_panel_store_legs(self.source, [later])
        self.assertEqual((self.call_a1.talk_seconds, self.call_a1.user_id), (30, self.agent_a2))
        # What nobody corrected follows the PBX: the call now ends with its later leg.
        self.assertEqual(self.call_a1.end_date, fields.Datetime.to_datetime(START).replace(second=50))
        self.assertEqual(len(self.call_a1.leg_ids), 2)

    def test_call_legs_are_the_pbx_records(self):
        for user in (self.agent_a1, self.manager):
            self.authenticate(user.login, user.login)
            self.assertEqual(self.rpc_error("crm.call.leg", "write", self.leg_a1.ids, {"billsec": 1}),
                             ACCESS_ERROR)
            self.assertEqual(self.rpc_error("crm.call.leg", "create", {
                "call_id": self.call_a1.id, "source_id": self.source.id, "uniqueid": "x",
                "linkedid": "acc1", "calldate": START}), ACCESS_ERROR)
        self.assertEqual(self.leg_a1.billsec, 60)

    def test_agents_mapped_by_extension_within_the_sources_company(self):
        company_2 = self.env["res.company"].create({"name": "Second company"})
        self.agent_a1.pbx_extension = "7401"
        # Allowed in both companies, its extension is its own company's PBX's (same number).
        other = new_test_user(
            self.env, "zz_agent_c2", groups="crm_sales_base.group_agent", name="zz Agent C2",
            company_id=company_2.id, company_ids=[Command.set([self.env.company.id, company_2.id])],
            pbx_extension="7401")
        source_2 = self.env["crm.cdr.source"].create({
            "name": "PBX 2", "kind": "csv", "csv_path": "/dev/null", "company_id": company_2.id})
        Call = self.env["crm.call"]
        for source, uniqueid, agent in ((self.source, "ext.1", self.agent_a1), (source_2, "ext.2", other)):
            Call._sales_panel_store_legs(source, [
                leg(uniqueid, "09121110000", "7401", "PJSIP/trunk-1", "PJSIP/7401-0001")])
            call = Call.search([("source_id", "=", source.id), ("linkedid", "=", uniqueid)])
            self.assertEqual(call.user_id, agent, source.name)

    def test_number_wizard_on_calls_one_sees(self):
        Wizard = "crm.call.number.wizard"
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        # Another agent's caller: neither a wizard nor its number, even in a new form.
        self.assertEqual(self.rpc_error(Wizard, "web_save", [], {
            "call_id": self.anonymous_b1.id, "partner_id": self.customer_a1.id},
            specification={"number": {}}), ACCESS_ERROR)
        self.assertEqual(self.rpc_error(Wizard, "onchange", [], {}, [], {"number": {}, "call_id": {}},
                                        context={"default_call_id": self.anonymous_b1.id}), ACCESS_ERROR)
        # One's own caller onto a contact one may not change: refused too.
        self.assertEqual(self.rpc_error(Wizard, "web_save", [], {
            "call_id": self.anonymous_a1.id, "partner_id": self.customer_b1.id},
            specification={}), ACCESS_ERROR)
        saved = self.rpc(Wizard, "web_save", [], {
            "call_id": self.anonymous_a1.id, "partner_id": self.customer_a1.id},
            specification={"number": {}, "target_field": {}})[0]
        self.assertEqual((saved["number"], saved["target_field"]), ("+989350001111", "mobile"))
        # The call changed hands before the wizard was applied: refused, the contact unchanged.
        self.anonymous_a1.user_id = self.agent_b1
        self.assertEqual(self.rpc_error(Wizard, "action_apply", [saved["id"]]), ACCESS_ERROR)
        self.assertFalse(self.customer_a1.mobile)
        self.anonymous_a1.user_id = self.agent_a1
        self.rpc(Wizard, "action_apply", [saved["id"]])
        self.assertEqual(self.customer_a1.mobile_e164, "+989350001111")
        self.assertEqual(self.anonymous_a1.partner_id, self.customer_a1)

    def test_buttons_check_who_presses_them(self):
        salesman = outside_user(self.env, "salesman", "cv")
        portal = outside_user(self.env, "portal", "cv")
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        for method in ("action_create_contact", "action_add_number_to_contact"):
            self.assertEqual(self.rpc_error("crm.call", method, self.anonymous_b1.ids), ACCESS_ERROR, method)
            self.assertTrue(self.rpc("crm.call", method, self.anonymous_a1.ids), method)
        self.assertEqual(self.rpc("res.partner", "action_view_calls", self.customer_a1.ids)["res_model"],
                         "crm.call")
        for user, contact in ((salesman, self.customer_a1), (portal, portal.partner_id)):
            self.authenticate(user.login, user.login)
            self.assertEqual(self.rpc_error("res.partner", "action_view_calls", contact.ids), ACCESS_ERROR)
            self.assertEqual(self.rpc_error("crm.call", "action_create_contact", self.anonymous_a1.ids),
                             ACCESS_ERROR)

    def test_screens_with_call_fields_for_users_outside_the_roles(self):
        """A plain salesman and an internal user open contacts, leads and quotations whose
        forms carry the calls' button and player: no error, and no call field."""
        salesman = outside_user(self.env, "salesman", "cv")
        employee = outside_user(self.env, "employee", "cv")
        lead = self.env["crm.lead"].create({"name": "Plain", "user_id": salesman.id,
                                            "partner_id": self.customer_a1.id})
        order = self.env["sale.order"].create({"partner_id": self.customer_a1.id, "user_id": salesman.id,
                                               "sale_order_template_id": False})
        call_fields = {"call_count", "call_ids", "sales_panel_last_call_id"}
        screens = [(salesman, self.customer_a1), (salesman, lead), (salesman, order),
                   (employee, self.customer_a1), (employee, self.company_a1)]
        for user, record in screens:
            self.authenticate(user.login, user.login)
            spec = self.form_spec(record._name)
            self.assertFalse(call_fields & set(spec), f"{user.login}: {record._name}")
            self.assertEqual(self.open_form(record)["id"], record.id, f"{user.login}: {record._name}")
            self.new_form(record._name)
        # The agent sees them, with the calls the agent may see.
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        values = self.open_form(self.customer_a1)
        self.assertEqual(values["call_count"], 1, "A1's own call, not the marketer's")
        self.assertIn("sales_panel_last_call_id", values)
