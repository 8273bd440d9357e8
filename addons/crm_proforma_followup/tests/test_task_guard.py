import datetime
import json

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestTaskGuard(HttpCase, FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.sales_panel_blocked_group_ids = cls.env.ref("crm_sales_base.group_agent")
        cls.blocking = cls._quotation(cls.customer_a1, cls.agent_a1)
        cls.blocking.name = "TG-QUOTE"
        # The manager's quotation has a special amount: the tour sees its style in the kanban.
        cls.managers = cls._quotation(cls.customer_a1, cls.manager, 1_500_000_000)
        cls.age(cls.blocking | cls.managers, minutes=11)

    @classmethod
    def _quotation(cls, partner, agent, amount=1_000_000):
        return cls.env["sale.order"].create({
            "partner_id": partner.id, "user_id": agent.id,
            "order_line": [(0, 0, {"product_id": cls.product.id, "price_unit": amount, "tax_id": [(5, 0, 0)]})]})

    @staticmethod
    def age(orders, minutes):
        orders.flush_recordset()
        # From the clock the check reads (Python's), not PostgreSQL's now(): that is the start
        # of the class's transaction, minutes behind once tours have run before.
        orders.env.cr.execute("UPDATE sale_order SET create_date = %s WHERE id IN %s",
                              (fields.Datetime.now() - datetime.timedelta(minutes=minutes), tuple(orders.ids)))
        orders.invalidate_recordset(["create_date"])

    def blocking_for(self, user):
        return self.env["sale.order"].with_user(user)._sales_panel_blocking_quotations()

    def test_who_is_blocked_and_when(self):
        self.assertEqual(self.blocking_for(self.agent_a1), self.blocking)
        self.assertFalse(self.blocking_for(self.manager), "managers are never blocked")
        self.assertFalse(self.blocking_for(self.agent_b1))
        self.age(self.blocking, minutes=9)
        self.assertFalse(self.blocking_for(self.agent_a1), "within the grace period")
        self.age(self.blocking, minutes=11)
        self.env.company.sales_panel_blocked_group_ids = self.env.ref("crm_sales_base.group_marketer")
        self.assertFalse(self.blocking_for(self.agent_a1), "agents are not a blocked group any more")
        self.env.company.sales_panel_blocked_group_ids = self.env.ref("crm_sales_base.group_agent")
        # A quotation the agent can no longer read never blocks them.
        self.blocking.user_id = self.agent_a2
        self.assertFalse(self.blocking_for(self.agent_a1))
        self.blocking.user_id = self.agent_a1
        self.blocking.activity_schedule("mail.mail_activity_data_todo", user_id=self.agent_a1.id)
        self.assertFalse(self.blocking_for(self.agent_a1), "it has a task")

    def test_blocked_agent_rpc_to_another_model_is_refused(self):
        self.authenticate("t_agent_a1", "t_agent_a1")
        response = self.url_open("/web/dataset/call_kw/res.partner/search_read", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "params": {
                "model": "res.partner", "method": "search_read", "args": [[]],
                "kwargs": {"fields": ["name"], "limit": 1}}}), headers={"Content-Type": "application/json"})
        error = response.json().get("error")
        self.assertTrue(error and "TG-QUOTE" in error["data"]["message"], error)
        # The quotations themselves stay reachable, to give them a task.
        allowed = self.url_open("/web/dataset/call_kw/sale.order/search_read", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "params": {
                "model": "sale.order", "method": "search_read", "args": [[("id", "=", self.blocking.id)]],
                "kwargs": {"fields": ["name"]}}}), headers={"Content-Type": "application/json"})
        self.assertEqual(allowed.json()["result"][0]["name"], "TG-QUOTE")

    def test_tour_blocked_agent_schedules_then_opens_contacts(self):
        self.start_tour("/odoo", "crm_proforma_followup_task_guard", login="t_agent_a1")
        self.assertTrue(self.blocking.activity_ids)
        self.assertFalse(self.blocking_for(self.agent_a1))

    def test_tour_manager_never_blocked(self):
        self.start_tour("/odoo", "crm_proforma_followup_manager_not_blocked", login="t_manager")
