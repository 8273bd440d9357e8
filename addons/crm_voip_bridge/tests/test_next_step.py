"""The after-call step (T6, T7) and the events' progress (T8), through the web client's
RPC as the weakest role that uses them (issue 16)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.crm_sales_base.tests.common import RpcMixin, SalesPanelCase, outside_user

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


class NextStepCase(RpcMixin, SalesPanelCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Asia/Tehran"
        (cls.agent_a1 | cls.agent_a2 | cls.agent_b1 | cls.sup_a | cls.manager).tz = "Asia/Tehran"
        cls.source = cls.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        cls.serial = 0

    @classmethod
    def make_call(cls, user, partner=None, direction="incoming", disposition="answered", talk=90,
                  ago=timedelta(minutes=2), end=True):
        """A call of ``user`` that ended ``ago``, stored as the CDR sync stores it."""
        cls.serial += 1
        stop = fields.Datetime.now() - ago
        call = cls.env["crm.call"].create({
            "linkedid": f"ns{cls.serial}", "source_id": cls.source.id, "direction": direction,
            "disposition": disposition, "talk_seconds": talk, "start_date": stop - timedelta(seconds=talk + 10),
            "end_date": stop, "number_raw": "09121234567", "number_e164": "+989121234567",
            "user_id": user and user.id, "partner_id": partner and partner.id,
        })
        if end:
            call._sales_panel_on_call_ended()
        return call

    def tomorrow(self, hour=10):
        return (fields.Datetime.now() + timedelta(days=1)).replace(hour=hour, minute=30, second=0, microsecond=0)

    def apply(self, call, **values):
        """Open the wizard from the call and record the step, as the logged-in user."""
        action = self.rpc("crm.call", "action_sales_panel_next_step", call.ids)
        self.assertEqual((action["res_model"], action["target"]), ("crm.call.next.step", "new"))
        context = action["context"]
        wizard_id = self.rpc("crm.call.next.step", "create", [dict(
            {f"{key[8:]}": value for key, value in context.items() if key.startswith("default_")}, **values)])[0]
        return self.rpc("crm.call.next.step", "action_apply", [wizard_id])


@tagged("post_install", "-at_install")
class TestNextStep(NextStepCase):
    def test_required_by_call_kind(self):
        """The company's setting says which calls require a step; missed incoming and
        internal calls never do, nor calls without an agent or from the PBX's history."""
        company = self.env.company
        call = self.make_call
        cases = {
            "answered incoming": (call(self.agent_a1), True),
            "answered outgoing": (call(self.agent_a1, direction="outgoing"), True),
            "missed incoming": (call(self.agent_a1, disposition="no_answer", talk=0), False),
            "unanswered outgoing": (call(self.agent_a1, direction="outgoing", disposition="no_answer", talk=0),
                                    False),
            "internal": (call(self.agent_a1, direction="internal"), False),
            "no agent": (call(None), False),
            "history": (call(self.agent_a1, ago=timedelta(days=3)), False),
        }
        got = {name: c.next_step_required for name, (c, _wanted) in cases.items()}
        self.assertEqual(got, {name: wanted for name, (_c, wanted) in cases.items()})
        awaiting = self.env["crm.call"].search([("after_call_done", "=", False), ("user_id", "=", self.agent_a1.id)])
        self.assertEqual(awaiting, cases["answered incoming"][0] | cases["answered outgoing"][0])
        self.assertEqual(
            self.env["crm.call"].search([("after_call_done", "=", True), ("id", "in", awaiting.ids)]), awaiting.browse())

        company.write({"sales_panel_next_step_incoming": False, "sales_panel_next_step_outgoing": False,
                       "sales_panel_next_step_unanswered": True})
        self.assertFalse(call(self.agent_a1).next_step_required)
        self.assertFalse(call(self.agent_a1, direction="outgoing").next_step_required)
        self.assertTrue(call(self.agent_a1, direction="outgoing", disposition="busy", talk=0).next_step_required)
        self.assertFalse(call(self.agent_a1, disposition="no_answer", talk=0).next_step_required,
                         "a missed incoming call never requires a step")
        # A call already closed keeps its state when the setting changes.
        self.assertTrue(cases["answered incoming"][0].next_step_required)

    def test_call_back_as_agent(self):
        """The agent marks the new contact and schedules a call-back: an activity on the
        contact, assigned to the agent, due on the day of the call-back in the agent's
        timezone, with its calendar slot carrying the reminder."""
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.authenticate("t_agent_a1", "t_agent_a1")
        when = self.tomorrow(hour=22)  # 22:30 UTC is 02:00 the day after in Tehran
        result = self.apply(call, temperature="hot", step="call", date_start=fields.Datetime.to_string(when),
                            summary="Price list")
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        self.assertEqual((call.next_step, call.temperature, call.after_call_done), ("call", "hot", True))
        self.assertEqual(self.customer_a1.temperature, "hot")
        activity = call.next_step_activity_id
        self.assertEqual(
            (activity.activity_type_id, activity.user_id, activity.res_model, activity.res_id, activity.summary,
             activity.sales_panel_state),
            (self.env.ref("mail.mail_activity_data_call"), self.agent_a1, "res.partner", self.customer_a1.id,
             "Price list", "open"))
        self.assertEqual(activity.date_deadline, (when + timedelta(hours=3, minutes=30)).date())
        event = call.next_step_event_id
        self.assertEqual((event.start, event.user_id, event.partner_ids), (when, self.agent_a1, self.agent_a1.partner_id))
        self.assertEqual(event.activity_ids, activity)
        self.assertEqual(event.alarm_ids, self.env.ref("calendar.alarm_notif_1"))
        # The reminder is the stock calendar alarm, due 15 minutes before.
        alarms = self.env["calendar.alarm_manager"]._get_next_potential_limit_alarm(
            "notification", seconds=int(timedelta(days=2).total_seconds()), partners=self.agent_a1.partner_id)
        self.assertIn(event.id, alarms)
        self.assertFalse(self.rpc("crm.call", "sales_panel_awaiting_next_step"))

    def test_meeting_and_quotation(self):
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.customer_a1.temperature = "normal"
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertEqual([row["id"] for row in self.rpc("crm.call", "sales_panel_awaiting_next_step")], call.ids)
        when = self.tomorrow()
        self.apply(call, step="meeting", date_start=fields.Datetime.to_string(when), duration=2.0)
        event = call.next_step_event_id
        self.assertEqual((event.start, event.stop, event.user_id), (when, when + timedelta(hours=2), self.agent_a1))
        self.assertEqual(event.partner_ids, self.agent_a1.partner_id | self.customer_a1)
        self.assertEqual(call.next_step_activity_id.activity_type_id, self.env.ref("mail.mail_activity_data_meeting"))
        self.assertEqual(call.next_step_activity_id.user_id, self.agent_a1)
        self.assertEqual(self.customer_a1.temperature, "normal", "a known contact is not asked again")
        self.assertFalse(call.temperature)

        other = self.make_call(self.agent_a1, self.customer_a1, direction="outgoing")
        result = self.apply(other, step="quotation")
        order = other.next_step_order_id
        self.assertEqual((result["res_model"], result["res_id"]), ("sale.order", order.id))
        self.assertEqual((order.partner_id, order.user_id, order.state), (self.customer_a1, self.agent_a1, "draft"))

    def test_unknown_caller(self):
        """No contact: no quotation; the call-back is scheduled on the call itself."""
        call = self.make_call(self.agent_a1)
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertIn(USER_ERROR, self.rpc_error_apply(call, step="quotation"))
        self.apply(call, step="email", date_start=fields.Datetime.to_string(self.tomorrow()))
        activity = call.next_step_activity_id
        self.assertEqual((activity.res_model, activity.res_id, activity.activity_type_id),
                         ("crm.call", call.id, self.env.ref("mail.mail_activity_data_email")))
        self.assertEqual(call.activity_ids, activity)
        # Another agent's customer who reached this agent: not theirs to mark nor to quote.
        theirs = self.make_call(self.agent_a1, self.customer_b1)
        self.assertIn(USER_ERROR, self.rpc_error_apply(theirs, step="quotation"))
        self.apply(theirs, step="call", date_start=fields.Datetime.to_string(self.tomorrow()))
        self.assertEqual((theirs.next_step_activity_id.res_model, theirs.next_step_activity_id.res_id),
                         ("crm.call", theirs.id))
        self.assertFalse(self.customer_b1.temperature)
        self.assertEqual(self.rpc("crm.call", "sales_panel_awaiting_next_step", limit="x"), [])

    def rpc_error_apply(self, call, **values):
        """The name of the exception recording ``values`` on ``call`` raises."""
        with self.assertRaises(JsonRpcException, msg=f"recording {values} should fail") as caught:
            self.apply(call, **values)
        return str(caught.exception)

    def test_no_close_without_step(self):
        """The call stays awaiting its step until one is recorded: no step, no temperature
        for a new contact, a date in the past are refused, and nothing is written."""
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.authenticate("t_agent_a1", "t_agent_a1")
        past = fields.Datetime.to_string(fields.Datetime.now() - timedelta(hours=2))
        tomorrow = fields.Datetime.to_string(self.tomorrow())
        for values in ({"temperature": "hot"}, {"step": "call", "date_start": tomorrow},
                       {"temperature": "hot", "step": "call", "date_start": past},
                       {"temperature": "hot", "step": "call", "date_start": False}):
            self.assertIn(USER_ERROR, self.rpc_error_apply(call, **values), values)
        self.assertFalse(call.after_call_done)
        self.assertFalse(self.customer_a1.temperature)
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "res.partner"),
                                                           ("res_id", "=", self.customer_a1.id)]))
        # Nor by writing the fields: only the wizard records a step, even for a manager.
        self.assertEqual(self.rpc_error("crm.call", "write", call.ids, {"next_step": "call"}), ACCESS_ERROR)
        self.authenticate("t_manager", "t_manager")
        self.assertEqual(self.rpc_error("crm.call", "write", call.ids, {"next_step_required": False}), ACCESS_ERROR)
        self.assertFalse(call.after_call_done)
        # Recorded once: a second step is refused.
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.apply(call, temperature="junk", step="call", date_start=tomorrow)
        self.assertIn(USER_ERROR, self.rpc_error_apply(call, step="quotation"))
        self.assertEqual(call.next_step, "call")

    def test_who_records_the_step(self):
        """The call's agent (or a manager); another agent, the team's supervisor and people
        outside the Sales Panel's roles are refused."""
        call_b1 = self.make_call(self.agent_b1, self.customer_b1)
        call_a1 = self.make_call(self.agent_a1, self.customer_a1)
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertEqual(self.rpc_error("crm.call", "action_sales_panel_next_step", call_b1.ids), ACCESS_ERROR)
        self.assertEqual(self.rpc_error("crm.call.next.step", "create", [{"call_id": call_b1.id}]), ACCESS_ERROR)
        # A wizard of one's own call, pointed at another agent's call afterwards.
        wizard = self.rpc("crm.call.next.step", "create", [{"call_id": call_a1.id, "step": "quotation",
                                                           "temperature": "hot"}])[0]
        self.assertEqual(self.rpc_error("crm.call.next.step", "write", [wizard], {"call_id": call_b1.id}), ACCESS_ERROR)
        self.authenticate("t_sup_a", "t_sup_a")
        self.assertEqual(self.rpc_error("crm.call", "action_sales_panel_next_step", call_a1.ids), ACCESS_ERROR)
        self.assertEqual(self.rpc_error("crm.call.next.step", "action_apply", [wizard]), ACCESS_ERROR)
        for kind in ("salesman", "portal", "employee"):
            user = outside_user(self.env, kind, "nextstep")
            self.authenticate(user.login, user.login)
            self.assertEqual(self.rpc_error("crm.call", "action_sales_panel_next_step", call_a1.ids), ACCESS_ERROR,
                             kind)
            self.assertEqual(self.rpc_error("crm.call", "sales_panel_awaiting_next_step"), ACCESS_ERROR, kind)
        self.assertFalse(call_b1.next_step or call_a1.next_step)
        self.authenticate("t_manager", "t_manager")
        self.apply(call_b1, temperature="normal", step="call", date_start=fields.Datetime.to_string(self.tomorrow()))
        self.assertEqual(call_b1.next_step_activity_id.user_id, self.agent_b1, "scheduled for the call's agent")

    def test_tour_step_cannot_be_skipped(self):
        """At hang-up the wizard opens; recording without a step leaves it open."""
        call = self.make_call(self.agent_a1, self.customer_a1)
        self.start_tour(f"/odoo/action-crm_voip_bridge.crm_call_action/{call.id}",
                        "crm_voip_bridge_next_step", login="t_agent_a1")
        self.assertEqual((call.next_step, call.temperature, call.after_call_done), ("call", "hot", True))
        self.assertEqual(call.next_step_activity_id.user_id, self.agent_a1)


@tagged("post_install", "-at_install")
class TestEventStates(NextStepCase):
    """Open, in progress, done, cancelled, unreachable: only the assignee or a manager
    changes them; closed events are archived with their state (history kept)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.make_call(cls.agent_a1, cls.customer_a1)

    def schedule(self):
        wizard = self.env["crm.call.next.step"].with_user(self.agent_a1).create({
            "call_id": self.make_call(self.agent_a1, self.customer_a1).id, "temperature": "hot", "step": "call",
            "date_start": self.tomorrow()})
        wizard.action_apply()
        return wizard.call_id.next_step_activity_id

    def test_transitions(self):
        activity = self.schedule()
        self.assertEqual(activity.sales_panel_state, "open")
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.rpc("mail.activity", "action_sales_panel_start", activity.ids)
        self.assertEqual((activity.sales_panel_state, activity.active), ("in_progress", True))
        self.rpc("mail.activity", "action_sales_panel_unreachable", activity.ids)
        self.assertEqual((activity.sales_panel_state, activity.active), ("unreachable", False))
        self.assertFalse(activity.calendar_event_id.active, "its reminder stops")
        self.assertIn(USER_ERROR, self.rpc_error("mail.activity", "action_sales_panel_start", activity.ids))

        done = self.schedule()
        self.rpc("mail.activity", "action_done", done.ids)
        self.assertTrue(done.exists(), "a done event is kept")
        self.assertEqual((done.sales_panel_state, done.active), ("done", False))
        self.assertFalse(done.calendar_event_id.active, "a call-back done early reminds no more")

        cancelled = self.schedule()
        self.rpc("mail.activity", "action_sales_panel_cancel", cancelled.ids)
        self.assertEqual((cancelled.sales_panel_state, cancelled.active), ("cancelled", False))
        # The supervisor's list shows them all with their state.
        self.authenticate("t_sup_a", "t_sup_a")
        rows = self.rpc("mail.activity", "search_read", [("id", "in", (activity | done | cancelled).ids)],
                        ["sales_panel_state"], context={"active_test": False})
        self.assertEqual(sorted(row["sales_panel_state"] for row in rows), ["cancelled", "done", "unreachable"])

    def test_assignee_cannot_write_the_progress_directly(self):
        # A direct write would close an event without stopping its reminders (and open a
        # closed one again): the assignee moves it with the buttons only.
        activity = self.schedule()
        self.authenticate("t_agent_a1", "t_agent_a1")
        for state in ("done", "cancelled", "in_progress"):
            self.assertEqual(self.rpc_error("mail.activity", "write", activity.ids, {"sales_panel_state": state}),
                             ACCESS_ERROR, state)
        lead = self.env["crm.lead"].create({"name": "Event lead", "user_id": self.agent_a1.id})
        self.assertEqual(self.rpc_error("mail.activity", "create", {
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"), "res_id": lead.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": self.agent_a1.id, "sales_panel_state": "done"}), ACCESS_ERROR)
        self.assertEqual((activity.sales_panel_state, activity.active), ("open", True))
        self.assertTrue(activity.calendar_event_id.active)
        self.rpc("mail.activity", "action_sales_panel_cancel", activity.ids)
        self.assertEqual((activity.sales_panel_state, activity.active), ("cancelled", False))

    def test_only_assignee_or_manager(self):
        activity = self.schedule()
        for login in ("t_agent_a2", "t_sup_a"):
            self.authenticate(login, login)
            for method in ("action_sales_panel_start", "action_sales_panel_cancel", "action_sales_panel_unreachable",
                           "action_done"):
                self.assertEqual(self.rpc_error("mail.activity", method, activity.ids), ACCESS_ERROR, (login, method))
            self.assertEqual(self.rpc_error("mail.activity", "write", activity.ids, {"sales_panel_state": "cancelled"}),
                             ACCESS_ERROR, login)
        for kind in ("portal", "salesman"):
            user = outside_user(self.env, kind, "events")
            self.authenticate(user.login, user.login)
            self.assertEqual(self.rpc_error("mail.activity", "action_sales_panel_cancel", activity.ids), ACCESS_ERROR)
        self.assertEqual((activity.sales_panel_state, activity.active), ("open", True))
        self.authenticate("t_manager", "t_manager")
        self.rpc("mail.activity", "action_sales_panel_start", activity.ids)
        self.assertEqual(activity.sales_panel_state, "in_progress")
