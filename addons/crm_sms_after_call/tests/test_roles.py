from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import RolesMixin, SalesPanelCase

SMS_MENU = "crm_sms_after_call.menu_crm_sms_after_call"


@tagged("post_install", "-at_install")
class TestSmsSection(RolesMixin, SalesPanelCase):
    """The section "SMS" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_role_user()

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
        self.assertEqual(self.shipped_menus(SMS_MENU), dict.fromkeys(self.SHIPPED_ROLES, {SMS_MENU: True}))

    def test_manager_without_sms(self):
        """A manager whose roles do not open the SMS (#18), by a custom role or the shipped
        Manager role with the section off: SMS after calls, their texts and settling an SMS
        refused; who has the SMS at "all" settles them."""
        self.a1.state = "unknown"
        keeper = self.manager_role_without("alerts", "t_keeper")
        self.assertFalse(self.a1.with_user(keeper)._sales_panel_unknown_sms())  # no SMS sent: nothing to settle
        with self.assertRaises(AccessError):
            self.a1.with_user(self.caller)._sales_panel_unknown_sms()
        boss = self.manager_role_without("sms", "t_boss")
        self.switch_off_for_managers("sms")
        kind = self.env["crm.sms.kind"].search([], limit=1)
        self.assertTrue(kind, "the SMS texts shipped")
        for user in (boss, self.manager):
            for label, call in {
                "search": lambda u=user: self.env["crm.sms.after.call"].with_user(u).search([]),
                "texts": lambda u=user: kind.with_user(u).write({"name": "Thanks"}),
                "settle": lambda u=user: self.a1.with_user(u)._sales_panel_unknown_sms(),
            }.items():
                with self.assertRaises(AccessError, msg=f"{user.login}: {label}"):
                    call()
