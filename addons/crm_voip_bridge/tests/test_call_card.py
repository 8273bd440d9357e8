"""The screen pop's card (T3, T13, F27) through the web client's RPC, as the roles that
see it and those that must not (issue 16)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.crm_sales_base.tests.common import OUTSIDE_ROLES, RpcMixin, SalesPanelCase, outside_user

from ..lib.live_calls import CallChange

ACCESS_ERROR = "odoo.exceptions.AccessError"


class LiveCallCase(RpcMixin, SalesPanelCase, HttpCase):
    """Agent A1 (extension 201) with a gold customer who has a personality note, an open
    quotation and a recorded past call; calls stored as the live-call service stores them
    (the PBX's server, the CDR source of its PBX, the linked ID)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a1.pbx_extension = "201"
        cls.source = cls.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        cls.server = cls.env["crm.pbx.server"].create({"name": "Asterisk", "cdr_source_id": cls.source.id})
        cls.customer_a1.write({"phone": "0912 123 4567", "tier": "gold", "parent_id": cls.company_a1.id,
                               "email": "a1@example.com"})
        cls.company_a1.tier = "silver"
        cls.env["res.partner.personality"].create({"partner_id": cls.customer_a1.id,
                                                   "note": "Likes short calls; ask about the warehouse."})
        cls.order_a1.order_line = [fields.Command.create({
            "product_id": cls.env["product.product"].create({"name": "Pump", "list_price": 1500.0}).id,
            "product_uom_qty": 2})]
        cls.serial = 0
        cls.past_call = cls.make_call(cls.agent_a1, cls.customer_a1, live_state=False,
                                      ago=timedelta(days=3), recording_file="past.wav")

    @classmethod
    def make_call(cls, user, partner=None, number="+989121234567", live_state="ringing", ago=timedelta(0),
                  **values):
        cls.serial += 1
        start = fields.Datetime.now() - ago
        return cls.env["crm.call"].sudo().create(dict({
            "linkedid": f"live{cls.serial}.1", "source_id": cls.source.id, "pbx_server_id": cls.server.id,
            "direction": "incoming", "start_date": start, "number_raw": number.replace("+98", "0"),
            "number_e164": number, "user_id": user and user.id, "team_id": user and user.sale_team_id.id,
            "partner_id": partner and partner.id, "live_state": live_state,
        }, **values)).with_env(cls.env)

    def ring(self, call, state="ringing", user=None):
        """What the live-call service sends to the agent's browsers (crm.call's
        _sales_panel_live_store), committed to the bus table for the page that opens next."""
        user = user or call.user_id
        user.partner_id._bus_send("sales_panel/call", {
            "call_id": call.id, "linkedid": call.linkedid, "state": state, "direction": call.direction,
            "number": call.number_e164 or call.number_raw, "partner_id": call.partner_id.id,
            "extension": user.pbx_extension})
        last = self.env["bus.bus"].sudo()._bus_last_id()
        self.env.cr.precommit.run()
        # A page connecting reads the notifications of the last 50 s by their creation
        # date, which PostgreSQL gives as the start of the transaction: the test class's,
        # long gone for its later tests. Dated as the live-call service's would be.
        self.env.cr.execute(SQL("UPDATE bus_bus SET create_date = %s WHERE id > %s",
                                fields.Datetime.now(), last))


@tagged("post_install", "-at_install")
class TestCallCard(LiveCallCase):
    def test_known_contact(self):
        """The agent's card: contact with tier colour and personality note, the company,
        open quotations, last calls with their play permission."""
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.authenticate("t_agent_a1", "t_agent_a1")
        card = self.rpc("crm.call", "sales_panel_card", call.ids)
        self.assertTrue(card["known"])
        contact = card["contact"]
        self.assertEqual((contact["id"], contact["tier"], contact["tier_colour"]),
                         (self.customer_a1.id, "gold", "warning"))
        self.assertEqual(contact["personality_note"], "Likes short calls; ask about the warehouse.")
        self.assertEqual((card["company"]["id"], card["company"]["tier_colour"]), (self.company_a1.id, "info"))
        self.assertEqual([(q["name"], q["amount"], q["state"]) for q in card["quotations"]],
                         [(self.order_a1.name, self.order_a1.amount_total, "draft")])
        self.assertEqual(self.order_a1.amount_total, 3000.0 + self.order_a1.amount_tax)
        self.assertEqual([(c["id"], c["can_play"]) for c in card["calls"]], [(self.past_call.id, True)])
        self.assertEqual((card["call"]["live_state"], card["call"]["can_write_description"]), ("ringing", True))
        self.assertFalse(card["new_contact"])

    def test_number_of_a_contact_created_since(self):
        """A call stored without contact finds the one created since, by the caller look-up."""
        call = self.make_call(self.agent_a1, number="+989351112233")
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertFalse(self.rpc("crm.call", "sales_panel_card", call.ids)["known"])
        self.env["res.partner"].with_user(self.agent_a1).create(
            {"name": "New caller", "mobile": "۰۹۳۵ ۱۱۱ ۲۲۳۳", "user_id": self.agent_a1.id})
        card = self.rpc("crm.call", "sales_panel_card", call.ids)
        self.assertEqual(card["contact"]["name"], "New caller")

    def test_unknown_number(self):
        """An unknown number: a new contact's values with the number filled (T13)."""
        call = self.make_call(self.agent_a1, number="+989351112233")
        self.authenticate("t_agent_a1", "t_agent_a1")
        card = self.rpc("crm.call", "sales_panel_card", call.ids)
        self.assertFalse(card["known"])
        self.assertEqual(card["new_contact"]["values"], {"mobile": "+989351112233", "user_id": self.agent_a1.id})
        self.assertEqual((card["quotations"], card["calls"], card["contact"]), ([], [], False))

    def test_contact_of_another_agent(self):
        """A call rings for A1 from B1's customer: the card says the number is known and
        shows nothing of B1's contact (no name, note, quotations, calls)."""
        self.env["res.partner.personality"].create({"partner_id": self.customer_b1.id, "note": "B1's secret"})
        call = self.make_call(self.agent_a1, self.customer_b1)
        self.authenticate("t_agent_a1", "t_agent_a1")
        card = self.rpc("crm.call", "sales_panel_card", call.ids)
        self.assertTrue(card["known"])
        self.assertTrue(card["contact"]["restricted"])
        self.assertFalse(card["contact"]["id"])
        self.assertNotIn("Customer of B1", str(card))
        self.assertNotIn("secret", str(card))
        self.assertEqual((card["quotations"], card["calls"]), ([], []))

    def test_refused_for_others(self):
        """Only the agent the call rings for, the supervisor of the agent's team and
        managers read the card; another agent (same team or not), another team's
        supervisor and people outside the suite's roles get an AccessError."""
        call = self.make_call(self.agent_a1, self.customer_a1)
        for login in ("t_agent_b1", "t_agent_a2", "t_marketer_a", "t_sup_b"):
            self.authenticate(login, login)
            self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "sales_panel_card", call.ids), login)
        for kind in OUTSIDE_ROLES:
            user = outside_user(self.env, kind, "card")
            self.authenticate(user.login, user.login)
            self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "sales_panel_card", call.ids), kind)
        for login in ("t_sup_a", "t_manager"):
            self.authenticate(login, login)
            self.assertEqual(self.rpc("crm.call", "sales_panel_card", call.ids)["contact"]["id"],
                             self.customer_a1.id, login)

    def test_description_only(self):
        """While talking the agent writes the call's description, and nothing else."""
        call = self.make_call(self.agent_a1, self.customer_a1, live_state="talking")
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.rpc("crm.call", "web_save", call.ids, {"description": "Wants 3 pumps"}, specification={})
        self.assertEqual(call.description, "Wants 3 pumps")
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "write", call.ids, {"partner_id": self.customer_a2.id}))
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "write", call.ids, {"live_state": False}))
        self.assertEqual((call.partner_id, call.live_state), (self.customer_a1, "talking"))

    def test_queue_call_rings_several_agents(self):
        """A queue rings A1 and A2 at once: both read the card as themselves (A2 although
        the call is stored for A1), a third agent does not; once A2 answers, A1 no longer
        does, and the card is A2's."""
        self.agent_a2.pbx_extension = "202"
        self.agent_b1.pbx_extension = "203"
        agents = {"201": self.agent_a1, "202": self.agent_a2, "203": self.agent_b1}
        Call = self.env["crm.call"]
        start = fields.Datetime.now()
        told = Call._sales_panel_live_store(self.server, CallChange(
            "queue1.1", "ringing", "in", "09121234567", ("201", "202"), "", start), agents)
        call = Call.search([("linkedid", "=", "queue1.1")])
        self.assertEqual((call.user_id, call.ringing_user_ids), (self.agent_a1, self.agent_a1 | self.agent_a2))
        for login in ("t_agent_a1", "t_agent_a2"):
            self.authenticate(login, login)
            card = self.rpc("crm.call", "sales_panel_card", call.ids)
            self.assertEqual((card["call"]["id"], card["call"]["live_state"]), (call.id, "ringing"), login)
        # A2 is not the customer's agent: told only that the number is known.
        self.assertTrue(card["contact"]["restricted"])
        self.assertFalse(card["call"]["can_write_description"])
        self.authenticate("t_agent_b1", "t_agent_b1")
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "sales_panel_card", call.ids))
        # Ringing users are written by the service only.
        self.authenticate("t_agent_a2", "t_agent_a2")
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "write", call.ids,
                                                   {"ringing_user_ids": [(4, self.agent_b1.id)]}))
        Call._sales_panel_live_store(self.server, CallChange(
            "queue1.1", "talking", "in", "09121234567", ("202",), "202", start, start), agents, told)
        self.assertEqual((call.user_id, call.ringing_user_ids, call.live_state),
                         (self.agent_a2, self.env["res.users"], "talking"))
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertIn(ACCESS_ERROR, self.rpc_error("crm.call", "sales_panel_card", call.ids))
        self.authenticate("t_agent_a2", "t_agent_a2")
        self.assertTrue(self.rpc("crm.call", "sales_panel_card", call.ids)["call"]["can_write_description"])
