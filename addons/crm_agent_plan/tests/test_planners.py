from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CALLBACK, PlanCase


@tagged("post_install", "-at_install")
class TestChaseQuotations(PlanCase):
    """(b) Quotations to chase at their customer's tier's cadence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.gold = Partner.create({"name": "Gold customer", "tier": "gold", "tier_locked": True,
                                   "user_id": cls.agent_a1.id})
        cls.silver = Partner.create({"name": "Silver customer", "tier": "silver", "tier_locked": True,
                                     "user_id": cls.agent_a2.id})
        cls.plain = Partner.create({"name": "Customer without a tier", "user_id": cls.agent_b1.id})

    def test_chased_at_the_cadence_of_the_tier_once(self):
        due = self.quoted(self.gold, self.agent_a1, 4)            # gold: every 3 days
        recent = self.quoted(self.gold, self.agent_a1, 1)
        silver_recent = self.quoted(self.silver, self.agent_a2, 4)  # silver: every 7 days
        silver_due = self.quoted(self.silver, self.agent_a2, 8)
        never = self.quoted(self.plain, self.agent_b1, 100)       # no tier: never (0)
        confirmed = self.quoted(self.gold, self.agent_a1, 10)
        confirmed.action_confirm()
        orders = due | recent | silver_recent | silver_due | never | confirmed
        created = self.Activity._plan_chase_quotations()
        self.assertEqual(self.pairs(created, orders), {(due.id, self.agent_a1), (silver_due.id, self.agent_a2)})
        activity = self.plan_of(due, self.chase_type)
        # Due on the company's today (its Sales Panel timezone), planned by the system.
        self.assertEqual((activity.automated, activity.date_deadline, activity.user_id),
                         (True, self.env.company._sales_panel_today(), self.agent_a1))
        # Never twice: the next day's run finds an open one on each.
        self.assertFalse(self.pairs(self.Activity._plan_chase_quotations(), orders))
        self.assertEqual(len(self.plan_of(orders, self.chase_type)), 2)

    def test_done_is_not_planned_again_before_the_cadence(self):
        order = self.quoted(self.gold, self.agent_a1, 4)
        self.Activity._plan_chase_quotations()
        activity = self.plan_of(order, self.chase_type)
        activity.with_user(self.agent_a1).action_done()
        # Kept, done, and it is a follow-up of the quotation (crm_proforma_followup).
        self.assertEqual((activity.active, activity.state, bool(activity.date_done)), (False, "done", True))
        self.assertEqual(order.followup_ids.user_id, self.agent_a1)
        self.assertFalse(self.pairs(self.Activity._plan_chase_quotations(), order))
        # A call with the customer is a follow-up too: four days later it is chased again.
        order.followup_ids.date = self.days_ago(4)
        order._sales_panel_update_followups()
        created = self.Activity._plan_chase_quotations()
        self.assertEqual(self.pairs(created, order), {(order.id, self.agent_a1)})
        self.assertEqual(len(self.plan_of(order, self.chase_type, done=True)), 1)
        self.assertEqual(len(self.plan_of(order, self.chase_type, done=False)), 1)

    def test_cancelled_without_a_lost_reason_is_chased(self):
        """As the chase list has them: a quotation cancelled without a lost reason is not
        decided, one with a reason is."""
        undecided = self.quoted(self.gold, self.agent_a1, 4)
        lost = self.quoted(self.gold, self.agent_a1, 4)
        (undecided | lost).write({"state": "cancel"})
        lost.lost_reason_id = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        created = self.Activity._plan_chase_quotations()
        self.assertEqual(self.pairs(created, undecided | lost), {(undecided.id, self.agent_a1)})

    def test_other_companies_follow_their_own_rules(self):
        company_2 = self.env["res.company"].create({"name": "Second company", "sales_panel_plan_chase_gold": 0})
        agent_c2 = new_test_user(self.env, login="t_plan_c2", groups="crm_sales_base.group_agent",
                                 company_id=company_2.id, company_ids=[Command.set(company_2.ids)])
        theirs = self.quoted(self.gold, agent_c2, 30, company_id=company_2.id)
        ours = self.quoted(self.gold, self.agent_a1, 4)
        # A run for the first company only leaves the second's quotations alone.
        created = self.Activity._plan_chase_quotations(self.env.company)
        self.assertEqual(self.pairs(created, ours | theirs), {(ours.id, self.agent_a1)})
        # The second company never chases gold quotations: its rule, not the first's.
        self.assertFalse(self.pairs(self.Activity._plan_chase_quotations(), theirs))
        company_2.sales_panel_plan_chase_gold = 20
        self.assertEqual(self.pairs(self.Activity._plan_chase_quotations(), theirs), {(theirs.id, agent_c2)})

    def test_agent_who_left_gets_nothing(self):
        left = self.quoted(self.silver, self.agent_a2, 30)
        moved = self.quoted(self.gold, self.agent_a1, 30)
        self.agent_a2.active = False
        # Agent A1 no longer works in the quotation's company.
        other = self.env["res.company"].create({"name": "Elsewhere"})
        self.agent_a1.write({"company_ids": [Command.link(other.id)], "company_id": other.id})
        self.agent_a1.write({"company_ids": [Command.unlink(self.env.company.id)]})
        self.assertFalse(self.pairs(self.Activity._plan_chase_quotations(), left | moved))


@tagged("post_install", "-at_install")
class TestCallCustomers(PlanCase):
    """(c) Customers nobody has spoken to for the company's number of days (30 here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.quiet = Partner.create({"name": "Quiet customer", "user_id": cls.agent_a1.id})
        cls.firm = Partner.create({"name": "Firm", "is_company": True, "user_id": cls.agent_a2.id})
        cls.firm_buyer = Partner.create({"name": "Buyer at the firm", "parent_id": cls.firm.id})
        cls.missed = Partner.create({"name": "Customer who does not answer", "user_id": cls.agent_b1.id})
        cls.prospect = Partner.create({"name": "Not a customer", "user_id": cls.agent_a1.id})
        cls.invoiced = Partner.create({"name": "Invoiced customer", "user_id": cls.agent_a1.id,
                                       "customer_rank": 1})
        cls.new = Partner.create({"name": "New customer", "user_id": cls.agent_a1.id})

    def setUp(self):
        super().setUp()
        self.quotation(self.quiet, self.agent_a1)
        self.quotation(self.firm_buyer, self.agent_a2)
        self.quotation(self.missed, self.agent_b1)
        self.quotation(self.new, self.agent_a1)
        self.customers = self.quiet | self.firm | self.missed | self.prospect | self.invoiced | self.new
        self.created_ago((self.customers | self.firm_buyer) - self.new, 90)
        # The firm was called through its buyer 10 days ago; the missed customer 40 days
        # ago, then not reached 5 days ago.
        self.call(self.firm_buyer, self.agent_a2, end=self.days_ago(10))
        self.call(self.missed, self.agent_b1, end=self.days_ago(40))
        self.call(self.missed, self.agent_b1, answered=False, end=self.days_ago(5))

    def test_customers_not_called_once(self):
        created = self.Activity._plan_call_customers()
        self.assertEqual(self.pairs(created, self.customers), {
            (self.quiet.id, self.agent_a1), (self.missed.id, self.agent_b1), (self.invoiced.id, self.agent_a1)})
        self.assertEqual(set(self.plan_of(self.quiet, self.call_type).mapped("automated")), {True})
        self.assertFalse(self.pairs(self.Activity._plan_call_customers(), self.customers))

    def test_done_is_not_planned_again_before_the_days(self):
        self.Activity._plan_call_customers()
        activity = self.plan_of(self.quiet, self.call_type)
        activity.with_user(self.agent_a1).action_feedback(feedback="Spoke on a mobile not in Odoo")
        self.assertEqual((activity.active, activity.state), (False, "done"))
        self.assertFalse(self.pairs(self.Activity._plan_call_customers(), self.quiet))
        activity.date_done = self.days_ago(31).date()
        self.assertEqual(self.pairs(self.Activity._plan_call_customers(), self.quiet), {(self.quiet.id, self.agent_a1)})
        # An answered call today: nothing more until 30 days later.
        self.plan_of(self.quiet, self.call_type, done=False).unlink()
        self.call(self.quiet, self.agent_a1)
        self.assertFalse(self.pairs(self.Activity._plan_call_customers(), self.quiet))

    def test_other_companies_and_agents_who_left(self):
        company_2 = self.env["res.company"].create({"name": "Second company", "sales_panel_plan_call_days": 0})
        agent_c2 = new_test_user(self.env, login="t_plan_call_c2", groups="crm_sales_base.group_agent",
                                 company_id=company_2.id, company_ids=[Command.set(company_2.ids)])
        theirs = self.env["res.partner"].create({"name": "Their customer", "user_id": agent_c2.id,
                                                 "company_id": company_2.id, "customer_rank": 1})
        self.created_ago(theirs, 90)
        self.agent_b1.active = False
        created = self.Activity._plan_call_customers()
        self.assertEqual(self.pairs(created, self.customers | theirs), {
            (self.quiet.id, self.agent_a1), (self.invoiced.id, self.agent_a1)})
        company_2.sales_panel_plan_call_days = 60
        self.assertEqual(self.pairs(self.Activity._plan_call_customers(self.env.company), theirs), set())
        self.assertEqual(self.pairs(self.Activity._plan_call_customers(), theirs), {(theirs.id, agent_c2)})


@tagged("post_install", "-at_install")
class TestCallbacks(PlanCase):
    """(a) Call-backs of call lists are on the agent's plan, once."""

    def test_callback_on_the_plan_once(self):
        number = self.numbers(self.list_a, 1)
        number.write({"user_id": self.agent_a1.id})
        later = self.days_ago(-2)
        number.with_user(self.agent_a1)._call_list_set_outcome(self.call_later, callback_date=later)
        activity = self.plan_of(number, self.callback_type)
        self.assertEqual(activity.user_id, self.agent_a1)
        self.assertFalse(self.Activity._plan_callbacks())
        # A manager hands the call-back to agent A2: it leaves A1's plan for A2's at once,
        # the nightly planner has nothing left to do.
        number.sudo().write({"user_id": self.agent_a2.id})
        self.assertEqual(self.pairs(self.plan_of(number, self.callback_type)), {(number.id, self.agent_a2)})
        self.assertFalse(self.Activity._plan_callbacks())
        # Called back: the activity is done and stays on the plan as done.
        number.with_user(self.agent_a2)._call_list_set_outcome(self.no_answer)
        self.assertEqual(self.pairs(self.plan_of(number, self.callback_type, done=True)), {(number.id, self.agent_a2)})
        self.assertFalse(self.plan_of(number, self.callback_type, done=False))
        self.assertFalse(self.Activity._plan_callbacks())

    def test_calls_scheduled_by_hand_stay(self):
        """Only the call-backs the system made leave a plan: a call someone scheduled on the
        number by hand is theirs to keep."""
        number = self.numbers(self.list_a, 1)
        number.write({"user_id": self.agent_a1.id})
        by_hand = number.activity_schedule(CALLBACK, user_id=self.agent_a2.id, summary="Ask about the tender")
        by_hand.automated = False
        self.Activity._plan_callbacks()
        self.assertTrue(by_hand.exists())

    def test_callback_summary_in_the_agent_language(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.agent_a1.lang = "fa_IR"
        number = self.numbers(self.list_a, 1)
        number.write({"user_id": self.agent_a1.id})
        # A manager (English) sets the outcome: the agent reads the call-back in Persian.
        number.with_context(lang="en_US")._call_list_set_outcome(self.call_later, callback_date=self.days_ago(-2))
        self.assertTrue(self.plan_of(number, self.callback_type).summary.startswith("تماس دوباره با "))

    def test_agent_who_left_and_other_companies(self):
        number = self.numbers(self.list_a, 1)
        number.sudo().write({"user_id": self.agent_a2.id, "state": "callback", "callback_date": self.days_ago(-1)})
        company_2 = self.env["res.company"].create({"name": "Second company"})
        list_c2 = self.env["crm.call.list"].create({"name": "C2", "company_id": company_2.id})
        agent_c2 = new_test_user(self.env, login="t_plan_cb_c2", groups="crm_sales_base.group_agent",
                                 company_id=company_2.id, company_ids=[Command.set(company_2.ids)])
        theirs = self.env["crm.call.list.number"].create({"list_id": list_c2.id, "number_raw": "09120000099"})
        theirs.sudo().write({"user_id": agent_c2.id, "state": "callback", "callback_date": self.days_ago(-1)})
        self.assertEqual(self.pairs(self.Activity._plan_callbacks(self.env.company), number | theirs),
                         {(number.id, self.agent_a2)})
        self.plan_of(number, self.callback_type).unlink()
        self.agent_a2.active = False  # crm_call_list gives their numbers back
        self.assertFalse(self.pairs(self.Activity._plan_callbacks(), number))
        self.assertEqual(number.state, "open")


@tagged("post_install", "-at_install")
class TestPlanShowsDoneAndOverdue(PlanCase):
    def test_done_and_overdue_on_the_plan(self):
        order = self.quotation(self.customer_a1, self.agent_a1)
        todo = order.activity_schedule("mail.mail_activity_data_todo", date_deadline=self.days_ago(2).date(),
                                       user_id=self.agent_a1.id, summary="Send the catalogue")
        call = order.activity_schedule(CALLBACK, user_id=self.agent_a1.id, summary="Call the buyer")
        call.with_user(self.agent_a1).action_done()
        plan = self.Activity.with_user(self.agent_a1).with_context(active_test=False).search(
            [("user_id", "=", self.agent_a1.id), ("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual({(a.summary, a.state, a.plan_color) for a in plan},
                         {("Send the catalogue", "overdue", 1), ("Call the buyer", "done", 10)})
        self.assertTrue(self.chase_type.keep_done and self.call_type.keep_done and self.callback_type.keep_done)
        self.assertEqual(todo.active, True)



@tagged("post_install", "-at_install")
class TestCallbacksFollowTheNumber(PlanCase):
    """A call-back moves with its number at once; the planner plans many in one create."""

    def callback_of(self, agent, note=False):
        number = self.numbers(self.list_a, 1, start=50)
        number.write({"user_id": agent.id})
        number.with_user(agent)._call_list_set_outcome(self.call_later, callback_date=self.days_ago(-2), note=note)
        return number

    def test_assigned_to_another_agent_at_once(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.agent_a2.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        number = self.callback_of(self.agent_a1, note="Asks for the price list")
        before = self.plan_of(number, self.callback_type)
        self.assertEqual(self.pairs(before), {(number.id, self.agent_a1)})
        # A manager hands it to agent A2 (the managers' bulk action): on A2's plan now, in
        # A2's language and day, with its note; off A1's.
        number.with_user(self.manager)._call_list_assign(self.agent_a2)
        moved = self.plan_of(number, self.callback_type, done=False)
        self.assertEqual(self.pairs(moved), {(number.id, self.agent_a2)})
        expected = number._call_list_callback_values(self.agent_a2)
        self.assertEqual((moved.summary, moved.date_deadline, moved.automated),
                         (expected["summary"], expected["date_deadline"], True))
        self.assertTrue(moved.summary.startswith("تماس دوباره با "))
        self.assertIn("Asks for the price list", moved.note)
        self.assertFalse(before.exists())
        self.assertFalse(self.Activity._plan_callbacks())
        # Given back to the pool: off every plan.
        number.with_user(self.manager).action_release()
        self.assertFalse(self.plan_of(number, self.callback_type, done=False))

    def test_other_changes_leave_it(self):
        number = self.callback_of(self.agent_a1)
        activity = self.plan_of(number, self.callback_type)
        number.sudo().write({"note": "Prefers mornings", "user_id": self.agent_a1.id})
        self.assertTrue(activity.exists())
        self.assertEqual(self.pairs(self.plan_of(number, self.callback_type)), {(number.id, self.agent_a1)})

    def test_many_in_one_create(self):
        agents = (self.agent_a1, self.agent_a2, self.agent_a1, self.agent_a2, self.agent_a1)
        numbers = self.numbers(self.list_a, len(agents), start=70)
        for number, agent in zip(numbers, agents, strict=True):
            number.sudo().write({"user_id": agent.id, "state": "callback", "callback_date": self.days_ago(-3)})
        self.assertFalse(self.plan_of(numbers, self.callback_type))
        queries = []
        with contextmanager(self._patchExecute)(queries):
            created = self.Activity._plan_callbacks()
        inserts = [query for query in queries if query.startswith('INSERT INTO "mail_activity" ')]
        self.assertEqual(len(inserts), 1)
        self.assertEqual(self.pairs(created, numbers), {(n.id, a) for n, a in zip(numbers, agents, strict=True)})
        # The same activities crm_call_list schedules one by one.
        fields = ["res_model", "activity_type_id", "summary", "note", "date_deadline", "user_id", "automated"]
        planned = {a.res_id: [a[name] for name in fields] for a in created}
        for number, agent in zip(numbers, agents, strict=True):
            one = number.sudo()._call_list_schedule_callback(agent)
            self.assertEqual(planned[number.id], [one[name] for name in fields])
            one.unlink()
