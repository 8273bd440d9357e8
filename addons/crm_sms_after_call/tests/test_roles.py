from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import RolesMixin, SalesPanelCase

SMS_MENU = "crm_sms_after_call.menu_crm_sms_after_call"


@tagged("post_install", "-at_install")
class TestSmsSection(RolesMixin, SalesPanelCase):
    """The section "SMS" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("Caller", contacts="own")
        cls.caller = cls.role_user("t_caller", cls.role)
        cls.team_b.user_id = cls.caller  # "my teams": team B, agent B1's

        def sms(linkedid, user, team):
            call = cls.env["crm.call"].create({
                "linkedid": linkedid, "user_id": user.id, "team_id": team.id, "direction": "incoming",
                "disposition": "answered", "talk_seconds": 60, "start_date": "2024-01-01 10:00:00"})
            return cls.env["crm.sms.after.call"].create({
                "call_id": call.id, "user_id": user.id, "team_id": team.id,
                "company_id": cls.env.company.id, "state": "skipped"})

        cls.own = sms("s1", cls.caller, cls.team_b)
        cls.b1 = sms("s2", cls.agent_b1, cls.team_b)
        cls.a1 = sms("s3", cls.agent_a1, cls.team_a)

    def test_sms_at_each_level(self):
        records = self.own | self.b1 | self.a1
        self.assert_levels(self.role, "sms", self.caller, records, {
            "off": None, "own": self.own, "team": self.own | self.b1, "all": records,
        }, menus={SMS_MENU: {"off": False, "own": True, "team": True, "all": True}})

    def test_shipped_roles_menus(self):
        holders = {name: self.role_user(f"t_holder_{name}", self.env.ref(f"crm_sales_base.role_{name}"))
                   for name in ("agent", "marketer", "supervisor", "manager")}
        self.assertEqual({name: self.menus_of(user, SMS_MENU)[SMS_MENU] for name, user in holders.items()},
                         dict.fromkeys(holders, True))
