from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SalesPanelCase


@tagged("post_install", "-at_install")
class TestRecordRules(SalesPanelCase):
    def visible(self, user, records):
        """The subset of ``records`` that ``user`` can search."""
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_agent_reads_and_writes_own(self):
        for record in (self.customer_a1, self.company_a1, self.employee_a1,
                       self.order_a1, self.lead_a1):
            record.with_user(self.agent_a1).read(["display_name"])
            record.with_user(self.agent_a1).write({"name": record.name})

    def test_agent_denied_other_agents_books(self):
        for record in (self.customer_a2, self.customer_b1, self.company_b1, self.employee_b1,
                       self.order_a2, self.order_b1, self.lead_a2, self.lead_b1):
            with self.assertRaises(AccessError, msg=f"agent A1 reads {record}"):
                record.with_user(self.agent_a1).read(["display_name"])
            with self.assertRaises(AccessError, msg=f"agent A1 writes {record}"):
                record.with_user(self.agent_a1).write({"name": "x"})

    def test_agent_search_shows_only_own_and_unassigned(self):
        partners = (self.customer_a1 | self.customer_a2 | self.customer_b1 | self.company_a1
                    | self.employee_a1 | self.company_b1 | self.employee_b1 | self.unassigned)
        self.assertEqual(
            self.visible(self.agent_a1, partners),
            self.customer_a1 | self.company_a1 | self.employee_a1 | self.unassigned,
        )
        orders = self.order_a1 | self.order_a2 | self.order_b1
        self.assertEqual(self.visible(self.agent_a1, orders), self.order_a1)

    def test_unassigned_contact_found_by_phone_and_claimed(self):
        Partner = self.env["res.partner"].with_user(self.agent_b1)
        found = Partner.search([("phone", "=", "+98 912 000 0000")])
        self.assertEqual(found, self.unassigned)
        found.write({"user_id": self.agent_b1.id})
        # Once claimed it is B1's book: another agent no longer sees it.
        self.assertFalse(self.visible(self.agent_a1, self.unassigned))
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.agent_a1).read(["name"])

    def test_colleagues_and_company_stay_visible(self):
        """Agents still see the people of the company: users and the company itself."""
        colleagues = self.agent_a2.partner_id | self.agent_b1.partner_id | self.env.company.partner_id
        self.assertEqual(self.visible(self.agent_a1, colleagues), colleagues)

    def test_marketer_sees_like_an_agent(self):
        self.assertEqual(
            self.visible(self.marketer_a, self.customer_a1 | self.unassigned), self.unassigned
        )
        with self.assertRaises(AccessError):
            self.order_a1.with_user(self.marketer_a).read(["name"])

    def test_supervisor_sees_own_team_not_other_team(self):
        for record in (self.customer_a1, self.customer_a2, self.company_a1, self.employee_a1,
                       self.order_a1, self.order_a2, self.lead_a1, self.lead_a2):
            record.with_user(self.sup_a).read(["display_name"])
            record.with_user(self.sup_a).write({"name": record.name})
        for record in (self.customer_b1, self.company_b1, self.employee_b1,
                       self.order_b1, self.lead_b1):
            with self.assertRaises(AccessError, msg=f"supervisor A reads {record}"):
                record.with_user(self.sup_a).read(["display_name"])
        # The order lines and the sales analysis follow the orders.
        self.order_a2.order_line.with_user(self.sup_a).read(["name"])
        self.assertEqual(
            self.visible(self.sup_b, self.order_a1 | self.order_a2 | self.order_b1),
            self.order_b1,
        )

    def test_supervisor_follows_team_membership(self):
        self.team_b.crm_team_member_ids.filtered(
            lambda m: m.user_id == self.agent_b1
        ).crm_team_id = self.team_a
        self.env.invalidate_all()
        self.customer_b1.with_user(self.sup_a).read(["name"])
        with self.assertRaises(AccessError):
            self.customer_b1.with_user(self.sup_b).read(["name"])

    def test_manager_sees_everything(self):
        partners = self.customer_a1 | self.customer_a2 | self.customer_b1 | self.employee_b1
        self.assertEqual(self.visible(self.manager, partners), partners)
        orders = self.order_a1 | self.order_a2 | self.order_b1
        self.assertEqual(self.visible(self.manager, orders), orders)
        leads = self.lead_a1 | self.lead_a2 | self.lead_b1
        self.assertEqual(self.visible(self.manager, leads), leads)

    def test_roles_build_on_stock_sales_groups(self):
        self.assertTrue(self.agent_a1.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.agent_a1.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.marketer_a.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.sup_a.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.manager.has_group("sales_team.group_sale_manager"))
