import datetime

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import FigureMixin

from .common import FollowupCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestQuotationFigures(FigureMixin, FollowupCase):
    """Quotations sent, quotations without a task, follow-ups, tasks done and overdue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.set_calendar(cls.company)
        cls.company.sales_panel_task_grace_minutes = 10
        cls.agents = cls.agent_a1 | cls.agent_a2 | cls.agent_b1
        cls.Figure = cls.env["sales.panel.figure"].sudo()

    def made_at(self, order, local_time):
        self.env.cr.execute("UPDATE sale_order SET create_date = %s WHERE id = %s", (self.utc(local_time), order.id))
        order.invalidate_recordset(["create_date"])
        return order

    def task(self, order, agent, deadline):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("sale.order"), "res_id": order.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": agent.id, "summary": "Call back", "date_deadline": deadline})

    def test_quotations_sent_in_the_range(self):
        week = self.company._sales_panel_period("week", D(2026, 11, 23))
        self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-21 00:05")
        self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-27 23:55")._action_cancel()
        self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-28 00:05")
        self.made_at(self.quotation(self.customer_b1, self.agent_b1), "2026-11-22 10:00")
        self.assertEqual(self.figure_values(["quotations_sent"], week, self.agents),
                         {"quotations_sent": {self.agent_a1.id: 2, self.agent_b1.id: 1}})

    def test_quotations_without_a_task_at_the_end_of_the_range(self):
        stop = self.utc("2026-11-23 12:00")
        self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-23 11:45")  # counts
        self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-23 11:55")  # in its grace
        with_task = self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-20 09:00")
        self.task(with_task, self.agent_a1, D(2026, 11, 25))
        confirmed = self.made_at(self.quotation(self.customer_a1, self.agent_a1), "2026-11-20 09:00")
        confirmed.action_confirm()
        self.made_at(self.quotation(self.customer_b1, self.agent_b1), "2026-11-01 09:00")
        values = self.Figure._sales_panel_values(
            ["quotations_without_task"], self.utc("2026-11-23 00:00"), stop, self.agents, self.company)
        self.assertEqual(values, {"quotations_without_task": {self.agent_a1.id: 1, self.agent_b1.id: 1}})

    def test_followups_by_whoever_did_them(self):
        order = self.quotation(self.customer_a1, self.agent_a1)
        Followup = self.env["sale.order.followup"]
        for user, local_time in ((self.agent_a1, "2026-11-23 00:05"), (self.agent_a1, "2026-11-23 18:00"),
                                 (self.agent_a2, "2026-11-23 09:00"), (self.agent_a1, "2026-11-24 00:05")):
            Followup.create({"order_id": order.id, "user_id": user.id, "date": self.utc(local_time)})
        day = self.company._sales_panel_period("day", D(2026, 11, 23))
        self.assertEqual(self.figure_values(["followups"], day, self.agents),
                         {"followups": {self.agent_a1.id: 2, self.agent_a2.id: 1}})

    def test_tasks_done_and_overdue(self):
        order = self.quotation(self.customer_a1, self.agent_a1)
        today = self.company._sales_panel_today()
        done = self.task(order, self.agent_a1, today)
        self.task(order, self.agent_a1, today - datetime.timedelta(days=1))  # overdue today
        self.task(order, self.agent_a1, today)  # due today: not overdue yet
        self.task(self.quotation(self.customer_b1, self.agent_b1), self.agent_b1, today - datetime.timedelta(days=9))
        done.with_user(self.agent_a1).action_feedback("Called")
        period = self.company._sales_panel_period("day")
        values = self.figure_values(["tasks_done", "tasks_overdue"], period, self.agents)
        self.assertEqual(values["tasks_done"], {self.agent_a1.id: 1})
        # At the end of today, today's tasks are overdue too (the day is over).
        self.assertEqual(values["tasks_overdue"], {self.agent_a1.id: 2, self.agent_b1.id: 1})
        at_now = self.Figure._sales_panel_values(
            ["tasks_overdue"], period.utc_start, fields.Datetime.now(), self.agents, self.company)
        self.assertEqual(at_now["tasks_overdue"], {self.agent_a1.id: 1, self.agent_b1.id: 1})

    def test_every_listed_figure_has_its_provider(self):
        """The figures of the three addons below the consumers, all in one call."""
        listed = [code for code, _label, _unit in self.Figure._sales_panel_figure_list()]
        for code in ("calls", "calls_successful", "talk_minutes", "contacts_added_gold", "sales_amount",
                     "quotations_sent", "quotations_without_task", "followups", "tasks_done", "tasks_overdue"):
            self.assertIn(code, listed)
        month = self.company._sales_panel_period("month")
        self.assertEqual(set(self.figure_values(listed, month, self.agents)), set(listed))
