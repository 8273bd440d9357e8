from ast import literal_eval

from lxml import etree

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin

from .common import CALLBACK, PlanCase

TODO = "mail.mail_activity_data_todo"
PLAN_VIEWS = ("crm_agent_plan.mail_activity_view_calendar_plan", "crm_agent_plan.mail_activity_view_kanban_plan",
              "crm_agent_plan.mail_activity_view_list_plan")


class PlanStatesCase(PlanCase):
    """Agent A1's plan: a call done, a call cancelled, a call of the customer (an event)
    unreachable, an open call of the customer, an open call-back call and an open to-do on
    their quotation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agent = cls.agent_a1

        def call(record, summary, activity_type=CALLBACK):
            return record.activity_schedule(activity_type, user_id=agent.id, summary=summary)

        cls.done = call(cls.order_a1, "Plan: call done")
        cls.done.with_user(agent).action_done()
        cls.cancelled = call(cls.order_a1, "Plan: call cancelled")
        cls.cancelled.with_user(agent).action_sales_panel_cancel()
        cls.unreachable = call(cls.customer_a1, "Plan: customer unreachable", "crm_agent_plan.activity_type_call_customer")
        cls.unreachable.with_user(agent).action_sales_panel_unreachable()
        cls.call_customer = call(cls.customer_a1, "Plan: call the customer", "crm_agent_plan.activity_type_call_customer")
        cls.call_back = call(cls.order_a1, "Plan: call back")
        cls.todo = call(cls.order_a1, "Plan: send the catalogue", TODO)


@tagged("post_install", "-at_install")
class TestPlanStates(PlanStatesCase):
    def test_closed_events_shown_as_they_closed(self):
        """Cancelled and unreachable events are not shown as done: their own state and
        colour on the calendar, the cards and the list."""
        closed = self.done | self.cancelled | self.unreachable
        self.assertEqual(set(closed.mapped("active")), {False})
        self.assertEqual({a.summary: (a.plan_state, a.plan_color) for a in closed}, {
            "Plan: call done": ("done", 10),
            "Plan: call cancelled": ("cancelled", 0),
            "Plan: customer unreachable": ("unreachable", 9),
        })
        self.assertEqual(self.todo.plan_state, self.todo.state)
        # Every view of the plan shows the plan's state, the same decorations in each.
        calendar, kanban, list_ = (etree.fromstring(self.env["mail.activity"].get_view(self.env.ref(xmlid).id)["arch"])
                                   for xmlid in PLAN_VIEWS)
        self.assertEqual(calendar.get("color"), "plan_color")
        self.assertTrue(calendar.xpath("//field[@name='plan_state']"))
        badges = [view.xpath("//field[@name='plan_state'][@widget='badge']") for view in (kanban, list_)]
        self.assertEqual([len(found) for found in badges], [1, 1])
        decorations = [{key: value for key, value in found[0].attrib.items() if key.startswith("decoration-")}
                       for found in badges]
        self.assertEqual(decorations[0], decorations[1])
        self.assertEqual(decorations[0]["decoration-success"], "plan_state == 'done'")
        self.assertEqual(decorations[0]["decoration-muted"], "plan_state == 'cancelled'")
        self.assertIn("'unreachable'", decorations[0]["decoration-danger"])
        self.assertFalse(list_.xpath("//field[@name='state'][@widget='badge']") +
                         kanban.xpath("//field[@name='state'][@widget='badge']"))

    def test_call_the_customer_is_an_event(self):
        """The planners' *Call the customer* is an event of crm_voip_bridge (T8): listed
        with the events, with their progress, closed by its assignee only."""
        call_type = self.env.ref("crm_agent_plan.activity_type_call_customer")
        self.assertIn(call_type, self.Activity._sales_panel_event_types())
        self.assertEqual(self.call_customer.sales_panel_is_event, True)
        self.assertEqual(self.todo.sales_panel_is_event, False)
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_voip_bridge.mail_activity_action_sales_panel")
        events = self.Activity.with_context(active_test=False).search(literal_eval(action["domain"]))
        self.assertIn(self.call_customer, events)
        self.assertIn(self.unreachable, events)
        self.assertNotIn(self.todo, events)
        self.call_customer.with_user(self.agent_a1).action_sales_panel_start()
        self.assertEqual((self.call_customer.sales_panel_state, self.call_customer.plan_state),
                         ("in_progress", self.call_customer.state))


@tagged("post_install", "-at_install")
class TestPlanButtons(RpcMixin, HttpCase, PlanStatesCase):
    """The buttons of the plan show where the server accepts them: a supervisor does not
    close the events of their team's agents (only the assignee or a manager does), and may
    mark done the other activities of documents they may change."""

    def buttons(self, activities):
        return {a["summary"]: (a["plan_can_done"], a["plan_can_change"]) for a in self.rpc(
            "mail.activity", "read", activities.ids, ["summary", "plan_can_done", "plan_can_change"],
            context={"active_test": False})}

    def test_supervisor_sees_only_what_the_server_accepts(self):
        open_ = self.call_customer | self.call_back | self.todo
        self.authenticate("t_sup_a", "t_sup_a")
        self.assertEqual(self.buttons(open_ | self.done | self.cancelled), {
            "Plan: call the customer": (False, False),
            "Plan: call back": (False, False),
            "Plan: send the catalogue": (True, False),
            "Plan: call done": (False, False),
            "Plan: call cancelled": (False, False),
        })
        # And the server refuses what is hidden, as the web client would call it.
        for activity in self.call_customer | self.call_back:
            for method in ("action_done", "action_sales_panel_cancel", "action_sales_panel_unreachable",
                           "action_sales_panel_start"):
                self.assertIn("AccessError", self.rpc_error("mail.activity", method, activity.ids))
        self.assertIn("AccessError", self.rpc_error("mail.activity", "action_sales_panel_cancel", self.todo.ids))
        self.assertEqual((self.call_customer.active, self.call_customer.sales_panel_state), (True, "open"))
        self.assertEqual((self.call_back.active, self.call_back.sales_panel_state), (True, "open"))
        # What it shows, it does.
        self.rpc("mail.activity", "action_done", self.todo.ids)
        self.assertEqual((self.todo.active, self.todo.plan_state), (False, "done"))

    def test_assignee_closes_their_events(self):
        self.authenticate("t_agent_a1", "t_agent_a1")
        self.assertEqual(self.buttons(self.call_customer | self.call_back | self.todo), {
            "Plan: call the customer": (True, True),
            "Plan: call back": (True, True),
            "Plan: send the catalogue": (True, True),
        })
        self.rpc("mail.activity", "action_sales_panel_unreachable", self.call_customer.ids)
        self.rpc("mail.activity", "action_done", self.call_back.ids)
        self.assertEqual((self.call_customer.plan_state, self.call_back.plan_state), ("unreachable", "done"))


@tagged("post_install", "-at_install")
class TestPlanReusesViews(RpcMixin, HttpCase, PlanCase):
    """The plan's list is crm_voip_bridge's list of events, and *My Meetings* Odoo's
    meetings, not copies of them."""

    def test_list_is_the_events_list(self):
        view = self.env.ref("crm_agent_plan.mail_activity_view_list_plan")
        self.assertEqual((view.mode, view.inherit_id),
                         ("primary", self.env.ref("crm_voip_bridge.mail_activity_view_list_sales_panel")))
        arch = etree.fromstring(self.env["mail.activity"].get_view(view.id)["arch"])
        self.assertEqual([field.get("name") for field in arch.xpath("/list/field[not(@column_invisible)]")][:4],
                         ["date_deadline", "res_name", "activity_type_id", "summary"])
        self.assertEqual({button.get("name"): button.get("invisible") for button in arch.xpath("//button")}, {
            "action_sales_panel_start": "sales_panel_state != 'open' or not plan_can_change or not sales_panel_is_event",
            "action_done": "not plan_can_done",
            "action_sales_panel_unreachable": "not plan_can_change or not sales_panel_is_event",
            "action_sales_panel_cancel": "not plan_can_change",
        })

    def test_my_meetings_is_odoo_meetings(self):
        menu = self.env.ref("crm_agent_plan.menu_my_meetings")
        self.assertEqual(menu.action._name, "ir.actions.server")
        self.authenticate("t_agent_a1", "t_agent_a1")
        action = self.make_jsonrpc_request("/web/action/run", {"action_id": menu.action.id})
        self.assertEqual((action["id"], action["res_model"]),
                         (self.env.ref("calendar.action_calendar_event").id, "calendar.event"))
        self.assertEqual(action["context"], {"search_default_mymeetings": 1})
