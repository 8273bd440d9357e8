from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import RolesMixin

from .common import FollowupCase

CHASE_MENU = "crm_proforma_followup.menu_chase_list"


@tagged("post_install", "-at_install")
class TestQuotationSections(RolesMixin, FollowupCase):
    """The section "quotations: chase list and follow-ups" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_role_user()
        own = cls.env["res.partner"].create({"name": "Caller's customer", "user_id": cls.caller.id})
        order_own = cls.env["sale.order"].create({"partner_id": own.id, "user_id": cls.caller.id})
        Followup = cls.env["sale.order.followup"]
        cls.own, cls.b1, cls.a1 = (
            Followup.create({"order_id": order.id, "user_id": order.user_id.id, "note": "Called"})
            for order in (order_own, cls.order_b1, cls.order_a1))

    def test_followups_at_each_level(self):
        followups = self.own | self.b1 | self.a1
        self.assert_levels(self.role, "quotations", self.caller, followups, {
            "off": None, "own": self.own, "team": self.own | self.b1, "all": followups,
        }, menus={CHASE_MENU: {"off": False, "own": True, "team": True, "all": True}})

    def test_shipped_roles_menus(self):
        self.assertEqual(self.shipped_menus(CHASE_MENU), {
            "agent": {CHASE_MENU: True}, "marketer": {CHASE_MENU: False},
            "supervisor": {CHASE_MENU: True}, "manager": {CHASE_MENU: True}})

    def test_manager_without_quotations(self):
        """A manager whose roles do not open the quotations (#18), by a custom role or the
        shipped Manager role with the section off: follow-ups refused."""
        boss = self.manager_role_without("quotations", "t_boss")
        self.switch_off_for_managers("quotations")
        for user in (boss, self.manager):
            Followup = self.env["sale.order.followup"].with_user(user)
            with self.assertRaises(AccessError, msg=user.login):
                Followup.search([])
            with self.assertRaises(AccessError, msg=user.login):
                self.a1.with_user(user).write({"note": "Called again"})

    def test_quotation_rules_follow_the_section(self):
        """The lost reason is asked of whoever has the quotations below "all"; the task
        guard blocks the quotations section by default, never who has it at "all"."""
        self.role.sales_panel_section_quotations = "own"
        order = self.quotation(self.customer_a1, self.caller)
        with self.assertRaisesRegex(UserError, "Give a lost reason"):
            order.with_user(self.caller).action_cancel()
        company = self.env["res.company"].create({"name": "New company"})
        self.assertEqual(company.sales_panel_blocked_group_ids,
                         self.env.ref("crm_sales_base.group_section_quotations"))
        keeper = self.manager_role_without("alerts", "t_keeper")
        self.env.company.sales_panel_blocked_group_ids = self.env.ref("crm_sales_base.group_section_quotations")
        stale = self.quotation(self.customer_a1, keeper) | self.quotation(self.customer_a1, self.caller)
        self.env.cr.execute("UPDATE sale_order SET create_date = now() - interval '1 day' WHERE id IN %s",
                            [tuple(stale.ids)])
        stale.invalidate_recordset(["create_date"])
        Order = self.env["sale.order"]
        self.assertFalse(Order.with_user(keeper)._sales_panel_blocking_quotations())
        self.assertIn(stale[1], Order.with_user(self.caller)._sales_panel_blocking_quotations())
        order.with_user(keeper).action_cancel()
        self.assertEqual(order.state, "cancel", "the stock flow for who has the quotations at all")
