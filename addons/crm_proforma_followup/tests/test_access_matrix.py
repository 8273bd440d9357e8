import datetime

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import OWN_WIZARD, REFUSED, AccessMatrixCase

# Columns of each group: agent A1's record, agent B1's (other team), the second company's.
# Follow-ups are seen with their quotation and logged by those who may change it; they are
# a log: corrected by managers only.
FOLLOWUP = {
    #              read write create unlink
    "agent":      "+--  ---   +--    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   +--    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Wizards: on a quotation the user may change.
FOLLOWUP_WIZARD = OWN_WIZARD
LOST_WIZARD = FOLLOWUP_WIZARD
PUBLIC_METHODS = {
    ("sale.order", "action_log_followup"): REFUSED,
    ("sale.order", "action_sales_panel_cancel"): REFUSED,
    ("sale.order", "action_draft"): REFUSED,
    ("sale.order", "sales_panel_blocking_info"): "lists the caller's own quotations only, read with their rights",
    # Stock's own method (ids first, then the page's fields): the caller's rights and rules.
    ("sale.order", "search_fetch"): {"portal": "stock's, with the caller's rules", "agent": "stock's, with the caller's rules",
                                     "args": [[], ["name"], 0, 1]},
    ("sale.order.followup.wizard", "action_log"): REFUSED,
    ("sale.order.lost.wizard", "action_cancel"): REFUSED,
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Followup = cls.env["sale.order.followup"]
        cls.followups = {
            column: Followup.create({"order_id": order.id, "user_id": order.user_id.id, "note": "Called"})
            for column, order in (("a1", cls.order_a1), ("b1", cls.order_b1), ("co2", cls.order_c2))
        }
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Too expensive"})
        cls.wizards = {
            column: cls.env["sale.order.followup.wizard"].with_user(order.user_id).create(
                {"order_id": order.id, "note": "Called"})
            for column, order in (("a1", cls.order_a1), ("b1", cls.order_b1))
        }
        cls.lost_wizards = {
            column: cls.env["sale.order.lost.wizard"].with_user(order.user_id).create(
                {"order_ids": [Command.set(order.ids)], "lost_reason_id": cls.reason.id})
            for column, order in (("a1", cls.order_a1), ("b1", cls.order_b1))
        }

    def test_followups(self):
        self.assert_model_matrix(
            "sale.order.followup", FOLLOWUP, self.followups, read_fields=["note", "user_id"],
            write_vals={"note": "x"},
            create_vals={column: {"order_id": order.id, "note": "x"} for column, order in (
                ("a1", self.order_a1), ("b1", self.order_b1), ("co2", self.order_c2))})

    def test_wizards(self):
        self.assert_model_matrix(
            "sale.order.followup.wizard", FOLLOWUP_WIZARD, self.wizards, read_fields=["customer_id", "note"],
            write_vals={"note": "x"},
            create_vals={column: {"order_id": order.id, "note": "x"} for column, order in (
                ("a1", self.order_a1), ("b1", self.order_b1))})
        self.assert_model_matrix(
            "sale.order.lost.wizard", LOST_WIZARD, self.lost_wizards, read_fields=["order_ids"],
            write_vals={"lost_reason_id": self.reason.id},
            create_vals={column: {"order_ids": [Command.set(order.ids)], "lost_reason_id": self.reason.id}
                         for column, order in (("a1", self.order_a1), ("b1", self.order_b1))})

    def test_task_guard_route(self):
        """A blocked agent's calls to other models are refused by the server; nobody
        else is blocked by A1's quotation."""
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id = %s",
            (datetime.datetime.now() - datetime.timedelta(days=1), self.order_a1.id))
        self.env.invalidate_all()
        got = {role: self.outcome(role, "crm.lead", "search_count", [[]]) for role in
               ("agent", "marketer", "supervisor", "manager", "salesman")}
        self.assertEqual(got, {"agent": "odoo.exceptions.UserError", "marketer": "+", "supervisor": "+",
                               "manager": "+", "salesman": "+"})
        self.assertEqual(self.outcome("agent", "sale.order", "search_count", [[]]), "+",
                         "the blocked agent still reaches the quotations")
        # The guard overrides the web client's stock routes: the addon has no route of its own.
        self.assert_route_matrix("crm_proforma_followup", [])

    def test_public_methods(self):
        orders = self.order_b1 | self.order_c2

        def side_effects():
            return {
                "quotations": orders.sudo().read(["state", "lost_reason_id", "followup_count"]),
                "follow-ups": self.env["sale.order.followup"].sudo().search_count([]),
            }

        self.assert_public_methods("crm_proforma_followup", PUBLIC_METHODS, {
            "sale.order": [self.order_b1, self.order_c2],
            "sale.order.followup.wizard": [self.wizards["b1"]],
            "sale.order.lost.wizard": [self.lost_wizards["b1"]],
        }, side_effects)
