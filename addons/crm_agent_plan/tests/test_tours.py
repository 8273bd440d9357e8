from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import PhoneTourMixin

from .common import CALLBACK, PlanCase
from .test_plan_states import PlanStatesCase

TOUR_TIMEOUT = 180


@tagged("post_install", "-at_install")
class TestTours(PhoneTourMixin, HttpCase, PlanCase):
    """The plan at a phone's width (375x667), in Persian."""

    def setUp(self):
        super().setUp()
        self.agent_a1.lang = "fa_IR"
        self.customer_a1.write({"tier": "gold", "tier_locked": True})
        self.order = self.quoted(self.customer_a1, self.agent_a1, 5)
        self.order.name = "SQ-PLAN-1"
        self.chase = self.Activity._plan_chase_quotations().filtered(lambda a: a.res_id == self.order.id)
        self.overdue = self.order_a1.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.agent_a1.id, summary="Overdue catalogue",
            date_deadline=self.days_ago(3).date())
        done = self.order_a1.activity_schedule(CALLBACK, user_id=self.agent_a1.id, summary="Called yesterday",
                                               date_deadline=self.days_ago(1).date())
        done.with_user(self.agent_a1).action_done()

    def test_tour_plan_mark_done(self):
        self.assertEqual(self.chase.user_id, self.agent_a1)
        self.start_tour("/odoo/my-plan", "crm_agent_plan_mark_done", login="t_agent_a1", timeout=TOUR_TIMEOUT)
        self.assertEqual((self.chase.active, self.chase.state), (False, "done"))
        self.assertEqual(self.order.followup_ids.user_id, self.agent_a1)
        self.assertTrue(self.overdue.active)


@tagged("post_install", "-at_install")
class TestTeamPlanTour(PhoneTourMixin, HttpCase, PlanStatesCase):
    """Team Plans at a phone's width, in Persian, as agent A1's supervisor."""

    def test_tour_team_plan_states_and_buttons(self):
        self.sup_a.lang = "fa_IR"
        self.start_tour("/odoo/action-crm_agent_plan.action_server_team_plans", "crm_agent_plan_team_states",
                        login="t_sup_a", timeout=TOUR_TIMEOUT)
        self.assertEqual((self.todo.active, self.todo.plan_state), (False, "done"))
        self.assertEqual((self.call_customer.active, self.call_back.active), (True, True))
