import datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import FollowupCase


def search_filter(env, name):
    arch = etree.fromstring(env["sale.order"].get_view(view_type="search")["arch"])
    return safe_eval(arch.find(f".//filter[@name='{name}']").get("domain"), {"uid": env.uid})


@tagged("post_install", "-at_install")
class TestFollowups(FollowupCase):
    def test_calls_done_activities_and_notes_count(self):
        order = self.quotation(self.company_a1, self.agent_a1)
        other = self.quotation(self.customer_b1, self.agent_b1)
        self.assertEqual((order.followup_count, order.last_followup_date), (0, False))
        # A call with any contact of the company counts, once; an unanswered one does not.
        call = self.call(self.employee_a1, self.agent_a1)
        self.call(self.employee_a1, self.agent_a1, answered=False)
        call._sales_panel_on_call_ended()
        self.assertEqual(order.followup_count, 1)
        self.assertEqual(order.followup_ids.call_id, call)
        self.assertEqual(order.last_followup_date, call.start_date)
        self.assertEqual(other.followup_count, 0)
        # A done activity, by whoever marks it done.
        activity = order.activity_schedule("mail.mail_activity_data_call", user_id=self.agent_a1.id)
        activity.with_user(self.agent_a1).action_feedback(feedback="Wants 10% off")
        self.assertEqual(order.followup_count, 2)
        self.assertEqual(order.followup_ids.filtered(lambda f: f.kind == "activity").user_id, self.agent_a1)
        # A note logged by the team's supervisor is the supervisor's.
        self.env["sale.order.followup.wizard"].with_user(self.sup_a).create({
            "order_id": order.id, "note": "Called the buyer myself"}).action_log()
        self.assertEqual(order.followup_count, 3)
        note = order.followup_ids.filtered(lambda f: f.kind == "note")
        self.assertEqual(note.user_id, self.sup_a)
        self.assertIn("Called the buyer myself", order.message_ids[0].body)
        self.assertEqual(order.message_ids[0].author_id, self.sup_a.partner_id)
        # A call from a number no contact has is linked by hand, by the agent who made it.
        anonymous = self.call(self.env["res.partner"], self.agent_a1)
        self.assertEqual(order.followup_count, 3, "not linked on its own")
        wizard = self.env["sale.order.followup.wizard"].with_user(self.agent_a1)
        wizard.create({"order_id": order.id, "call_id": anonymous.id}).action_log()
        self.assertEqual(order.followup_count, 4)
        by_hand = order.followup_ids.filtered(lambda f: f.call_id == anonymous)
        self.assertEqual((by_hand.kind, by_hand.user_id, by_hand.date), ("call", self.agent_a1, anonymous.start_date))
        with self.assertRaises(UserError):
            wizard.create({"order_id": order.id, "call_id": anonymous.id}).action_log()
        with self.assertRaises(UserError):
            wizard.create({"order_id": order.id}).action_log()
        # The other team's supervisor cannot log on it.
        with self.assertRaises(AccessError):
            self.env["sale.order.followup.wizard"].with_user(self.sup_b).create({
                "order_id": order.id, "note": "Not mine"}).action_log()
        self.assertEqual(order.followup_count, 4)
        # The team's supervisor calls the customer: the follow-up is the supervisor's.
        sup_call = self.call(self.employee_a1, self.sup_a)
        self.assertEqual(order.followup_count, 5)
        self.assertEqual(order.followup_ids.filtered(lambda f: f.call_id == sup_call).user_id, self.sup_a)
        # A decided quotation is no longer chased: later calls do not count.
        order.action_confirm()
        self.call(self.employee_a1, self.agent_a1)
        self.assertEqual(order.followup_count, 5)

    def test_a_call_before_the_quotation_is_no_followup_of_it(self):
        order = self.quotation(self.customer_a1, self.agent_a1)
        earlier = self.call(self.customer_a1, self.agent_a1, end=order.create_date - datetime.timedelta(hours=1))
        self.assertEqual(order.followup_count, 0)
        earlier._sales_panel_on_call_ended()  # twice, as a resynced call would
        self.assertEqual(order.followup_count, 0)
        later = self.call(self.customer_a1, self.agent_a1)
        self.assertEqual(order.followup_ids.call_id, later)

    def test_each_count_filter_is_exact(self):
        orders = [self.quotation(self.customer_a1, self.agent_a1) for _n in range(6)]
        Followup = self.env["sale.order.followup"]
        for count, order in enumerate(orders):
            Followup.create([{"order_id": order.id, "note": f"#{n}"} for n in range(count)])
        ids = [o.id for o in orders]
        expected = {"followup_0": orders[0], "followup_1": orders[1], "followup_2": orders[2],
                    "followup_3": orders[3], "followup_more": orders[4] | orders[5]}
        for name, wanted in expected.items():
            found = self.env["sale.order"].search(search_filter(self.env, name) + [("id", "in", ids)])
            self.assertEqual(found, wanted, name)
        Followup.search([("order_id", "=", orders[1].id)]).unlink()
        self.assertEqual(orders[1].followup_count, 0)

    def test_agents_see_the_followups_of_their_quotations_only(self):
        order = self.quotation(self.customer_a1, self.agent_a1)
        self.call(self.customer_a1, self.agent_a1)
        Followup = self.env["sale.order.followup"]
        self.assertEqual(Followup.with_user(self.agent_a1).search([("order_id", "=", order.id)]).order_id, order)
        self.assertFalse(Followup.with_user(self.agent_b1).search([("order_id", "=", order.id)]))
        self.assertTrue(Followup.with_user(self.sup_a).search([("order_id", "=", order.id)]))
        self.assertFalse(Followup.with_user(self.sup_b).search([("order_id", "=", order.id)]))
