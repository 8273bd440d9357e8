from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin

from .common import CALLBACK, PlanCase


@tagged("post_install", "-at_install")
class TestPlanAccess(RpcMixin, HttpCase, PlanCase):
    """Whose plan each role reads, through the web client's JSON-RPC: an agent their own,
    a supervisor their team's, a manager everyone's; done ones with the others."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def todo(order, agent, summary):
            return order.activity_schedule("mail.mail_activity_data_todo", user_id=agent.id, summary=summary)

        cls.a1 = todo(cls.order_a1, cls.agent_a1, "A1: send the price list")
        cls.a1_done = cls.order_a1.activity_schedule(CALLBACK, user_id=cls.agent_a1.id, summary="A1: called")
        cls.a1_done.with_user(cls.agent_a1).action_done()
        cls.a2 = todo(cls.order_a2, cls.agent_a2, "A2: visit")
        cls.b1 = todo(cls.order_b1, cls.agent_b1, "B1: send samples")
        cls.ours = cls.a1 | cls.a1_done | cls.a2 | cls.b1

    def plan_ids(self, login, domain):
        self.authenticate(login, login)
        found = self.rpc("mail.activity", "search", domain, context={"active_test": False})
        return set(found) & set(self.ours.ids)

    def team_plans(self, login):
        self.authenticate(login, login)
        action = self.rpc("mail.activity", "action_open_team_plans")
        self.assertEqual(action["res_model"], "mail.activity")
        return self.plan_ids(login, action["domain"])

    def test_agent_reads_their_own_plan(self):
        mine = self.plan_ids("t_agent_a1", [("user_id", "=", self.agent_a1.id)])
        self.assertEqual(mine, {self.a1.id, self.a1_done.id})
        # Everything they may read of activities: their own, not their colleagues'.
        self.assertEqual(self.plan_ids("t_agent_a1", []), {self.a1.id, self.a1_done.id})
        self.assertIn("AccessError", self.rpc_error("mail.activity", "read", self.b1.ids, ["summary"]))
        self.assertIn("AccessError", self.rpc_error("mail.activity", "action_open_team_plans"))
        self.assertIn("AccessError", self.rpc_error("mail.activity", "action_done", self.a2.ids))
        self.rpc("mail.activity", "action_done", self.a1.ids)
        self.assertEqual((self.a1.active, self.a1.state), (False, "done"))
        self.assertEqual(self.plan_ids("t_agent_a1", [("user_id", "=", self.agent_a1.id), ("active", "=", False)]),
                         {self.a1.id, self.a1_done.id})

    def test_supervisor_reads_their_team_plans(self):
        self.assertEqual(self.team_plans("t_sup_a"), {self.a1.id, self.a1_done.id, self.a2.id})
        self.assertIn("AccessError", self.rpc_error("mail.activity", "read", self.b1.ids, ["summary"]))

    def test_manager_reads_every_plan(self):
        self.assertEqual(self.team_plans("t_manager"), set(self.ours.ids))
