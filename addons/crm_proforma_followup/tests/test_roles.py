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
        cls.role = cls.make_role("Caller", contacts="own")
        cls.caller = cls.role_user("t_caller", cls.role)
        cls.team_b.user_id = cls.caller  # "my teams": team B, agent B1's
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
        holders = {name: self.role_user(f"t_holder_{name}", self.env.ref(f"crm_sales_base.role_{name}"))
                   for name in ("agent", "marketer", "supervisor", "manager")}
        self.assertEqual({name: self.menus_of(user, CHASE_MENU)[CHASE_MENU] for name, user in holders.items()},
                         {"agent": True, "marketer": False, "supervisor": True, "manager": True})
