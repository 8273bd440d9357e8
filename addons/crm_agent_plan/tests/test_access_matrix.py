from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import REFUSED, AccessMatrixCase

# Activities on the plans (a1: agent A1's on A1's quotation, b1: agent B1's on B1's, co2: the
# second company's agent's on theirs): Odoo's rules of activities, through the documents'
# (crm_sales_base): the agent's own, the team's for the supervisor, all for the manager.
ACTIVITIES = {
    #              read write create unlink
    "agent":      "+--  +--   +--    +--",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  +--   +--    +--",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
PUBLIC_METHODS = {
    ("mail.activity", "action_open_team_plans"): REFUSED,
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activities = {
            column: order.activity_schedule("crm_agent_plan.activity_type_chase_quotation", user_id=order.user_id.id)
            for column, order in (("a1", cls.order_a1), ("b1", cls.order_b1), ("co2", cls.order_c2))
        }

    def test_models(self):
        model_id = self.env["ir.model"]._get_id("sale.order")
        self.assert_model_matrix(
            "mail.activity", ACTIVITIES, self.activities, read_fields=["summary", "state", "plan_color"],
            write_vals={"summary": "x"},
            create_vals={column: {"res_model_id": model_id, "res_id": order.id, "user_id": order.user_id.id,
                                  "summary": "n"}
                         for column, order in (("a1", self.order_a1), ("b1", self.order_b1), ("co2", self.order_c2))})

    def test_public_methods(self):
        def side_effects():
            return {"activities": self.env["mail.activity"].sudo().with_context(active_test=False).search_count([])}

        self.assert_public_methods("crm_agent_plan", PUBLIC_METHODS, {}, side_effects)
