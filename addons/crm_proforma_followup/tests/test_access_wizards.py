from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin, outside_user

from .common import FollowupCase

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestWizardsAndButtons(RpcMixin, FollowupCase, HttpCase):
    """The quotation buttons and their wizards, called over RPC as the web client does, by
    an agent on another agent's quotation, by a portal user and by a plain salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = outside_user(cls.env, "portal", "fup")
        cls.salesman = outside_user(cls.env, "salesman", "fup")
        cls.own = cls.quotation(cls, cls.customer_a1, cls.agent_a1)
        cls.others = cls.quotation(cls, cls.customer_a2, cls.agent_a2)
        cls.spec = {"order_id": {"fields": {"display_name": {}}},
                    "customer_id": {"fields": {"display_name": {}}}, "note": {}}

    def test_followup_wizard_on_another_agents_quotation_is_refused(self):
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        # Opening the wizard (its onchange) would show the other agent's customer.
        self.assertEqual(self.rpc_error("sale.order.followup.wizard", "onchange", [], {}, [], self.spec,
                                        context={"default_order_id": self.others.id}), ACCESS_ERROR)
        self.assertEqual(self.rpc_error("sale.order.followup.wizard", "onchange",
                                        [], {"order_id": self.others.id}, ["order_id"], self.spec), ACCESS_ERROR)
        self.assertEqual(self.rpc_error("sale.order.followup.wizard", "web_save", [],
                                        {"order_id": self.others.id, "note": "x"}, specification=self.spec),
                         ACCESS_ERROR)
        self.assertEqual(self.rpc_error("sale.order", "action_log_followup", self.others.ids), ACCESS_ERROR)
        # Nor a follow-up row "by me" on it: it would pad another agent's chase count.
        self.assertEqual(self.rpc_error("sale.order.followup", "create",
                                        {"order_id": self.others.id, "user_id": self.agent_a1.id}), ACCESS_ERROR)
        self.assertFalse(self.others.followup_ids)
        # On their own quotation it works, customer included.
        action = self.rpc("sale.order", "action_log_followup", self.own.ids)
        values = self.rpc("sale.order.followup.wizard", "onchange", [], {}, [], self.spec,
                          context=action["context"])["value"]
        self.assertEqual(values["customer_id"]["display_name"], "Customer of A1")
        [wizard] = self.rpc("sale.order.followup.wizard", "web_save", [],
                            {"order_id": self.own.id, "note": "Called"}, specification=self.spec)
        self.assertEqual(wizard["customer_id"]["display_name"], "Customer of A1")
        self.rpc("sale.order.followup.wizard", "action_log", [wizard["id"]])
        self.assertEqual(self.own.followup_count, 1)

    def test_lost_wizard_and_cancel_on_another_agents_quotation_are_refused(self):
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertEqual(self.rpc_error("sale.order", "action_sales_panel_cancel", self.others.ids), ACCESS_ERROR)
        self.assertEqual(self.rpc_error("sale.order.lost.wizard", "web_save", [],
                                        {"order_ids": [(6, 0, self.others.ids)],
                                         "lost_reason_id": self.lost_reason.id}, specification={}),
                         ACCESS_ERROR)
        self.assertEqual(self.others.state, "draft")
        action = self.rpc("sale.order", "action_sales_panel_cancel", self.own.ids)
        self.assertEqual(action["res_model"], "sale.order.lost.wizard")

    def test_portal_and_plain_salesperson(self):
        for user in (self.portal, self.salesman):
            self.authenticate(user.login, user.login)
            for method in ("action_log_followup", "action_sales_panel_cancel"):
                self.assertEqual(self.rpc_error("sale.order", method, self.own.ids), ACCESS_ERROR,
                                 f"{user.login}: {method}")
            self.assertEqual(self.rpc("sale.order", "sales_panel_blocking_info"), [], user.login)
        # A plain salesperson cancels their own quotation with a reason, like agents.
        mine = self.quotation(self.customer_a1, self.salesman)
        action = self.rpc("sale.order", "action_sales_panel_cancel", mine.ids)
        [wizard] = self.rpc("sale.order.lost.wizard", "web_save", [],
                            {"order_ids": [(6, 0, mine.ids)], "lost_reason_id": self.lost_reason.id},
                            specification={}, context=action["context"])
        self.rpc("sale.order.lost.wizard", "action_cancel", [wizard["id"]])
        self.assertEqual((mine.state, mine.lost_reason_id), ("cancel", self.lost_reason))
