from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import FollowupCase
from .test_followups import search_filter


@tagged("post_install", "-at_install")
class TestQuotations(FollowupCase):
    def chase_list(self, user):
        action = self.env.ref("crm_proforma_followup.action_chase_list")
        domain = safe_eval(action.domain, {"uid": user.id})
        return self.env["sale.order"].with_user(user).search(domain, order="amount_total desc, id")

    def test_chase_list_order_and_membership(self):
        small = self.quotation(self.customer_a1, self.agent_a1, 5_000_000)
        big = self.quotation(self.company_a1, self.agent_a1, 900_000_000)
        middle = self.quotation(self.employee_a1, self.agent_a1, 50_000_000)
        self.quotation(self.customer_b1, self.agent_b1, 2_000_000_000)
        mine = self.chase_list(self.agent_a1)
        self.assertEqual((mine & (small | big | middle)).ids, [big.id, middle.id, small.id], "largest first")
        middle.action_quotation_sent()
        self.assertIn(middle, self.chase_list(self.agent_a1), "sent is still open")
        big.with_user(self.agent_a1).action_confirm()
        self.assertNotIn(big, self.chase_list(self.agent_a1), "confirmed: decided")
        # Cancelling asks for the lost reason; without one the server refuses.
        form = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn('name="action_sales_panel_cancel"', form, "the Cancel button asks")
        action = small.with_user(self.agent_a1).action_sales_panel_cancel()
        self.assertEqual(action["res_model"], "sale.order.lost.wizard")
        self.assertIn(small, self.chase_list(self.agent_a1))
        with self.assertRaises(UserError):
            small.with_user(self.agent_a1).action_cancel()
        wizard = self.env["sale.order.lost.wizard"].with_user(self.agent_a1).with_context(
            active_ids=small.ids).create({"lost_reason_id": self.lost_reason.id})
        wizard.action_cancel()
        self.assertEqual((small.state, small.lost_reason_id), ("cancel", self.lost_reason))
        self.assertNotIn(small, self.chase_list(self.agent_a1), "cancelled with a reason: decided")
        # Set back to quotation: open again, and the old reason no longer decides it.
        small.with_user(self.agent_a1).action_draft()
        self.assertEqual((small.state, small.lost_reason_id), ("draft", self.env["crm.lost.reason"]))
        self.assertIn(small, self.chase_list(self.agent_a1))
        self.assertEqual(small.with_user(self.agent_a1).action_sales_panel_cancel()["res_model"],
                         "sale.order.lost.wizard")
        # A sent quotation goes on to the stock cancel wizard (its e-mail), its reason given.
        action = self.env["sale.order.lost.wizard"].with_user(self.agent_a1).with_context(
            active_ids=middle.ids).create({"lost_reason_id": self.lost_reason.id}).action_cancel()
        self.assertEqual(action["res_model"], "sale.order.cancel")
        self.env["sale.order.cancel"].with_user(self.agent_a1).with_context(action["context"]).create(
            {}).action_cancel()
        self.assertEqual((middle.state, middle.lost_reason_id), ("cancel", self.lost_reason))
        self.assertNotIn(middle, self.chase_list(self.agent_a1))
        # Cancelled by someone who was not asked (the superuser): still to chase.
        forgotten = self.quotation(self.customer_a1, self.agent_a1)
        forgotten.action_cancel()
        self.assertEqual(forgotten.state, "cancel", "the stock flow still cancels")
        self.assertIn(forgotten, self.chase_list(self.agent_a1))
        # Managers keep the stock behaviour too.
        by_manager = self.quotation(self.customer_a1, self.agent_a1)
        by_manager.with_user(self.manager).action_cancel()
        self.assertEqual(by_manager.state, "cancel")

    def test_tier_columns_and_filters(self):
        self.company_a1.tier = "gold"
        self.employee_a1.tier = "bronze"
        self.customer_a1.tier = "silver"
        of_employee = self.quotation(self.employee_a1, self.agent_a1)
        of_customer = self.quotation(self.customer_a1, self.agent_a1)
        self.assertEqual((of_employee.company_tier, of_employee.partner_tier), ("gold", "bronze"))
        self.assertEqual((of_customer.company_tier, of_customer.partner_tier), ("silver", "silver"))
        ids = (of_employee | of_customer).ids
        Order = self.env["sale.order"]
        for name, wanted in (("company_tier_gold", of_employee), ("company_tier_silver", of_customer),
                             ("partner_tier_bronze", of_employee), ("partner_tier_silver", of_customer)):
            self.assertEqual(Order.search(search_filter(self.env, name) + [("id", "in", ids)]), wanted, name)
        groups = dict((tier, count) for tier, count in Order._read_group(
            [("id", "in", ids)], ["company_tier"], ["__count"]))
        self.assertEqual(groups, {"gold": 1, "silver": 1})
        # A tier change shows in the quotation list at once (stored, related).
        self.company_a1.tier = "bronze"
        self.assertEqual(of_employee.company_tier, "bronze")
        arch = Order.get_view(view_type="list")["arch"]
        self.assertIn('name="company_tier"', arch)
        self.assertIn('name="partner_tier"', arch)

    def test_tier_replaces_the_company_column(self):
        """F4: in the quotation and order lists the tiers stand where the company column
        was, and that column is gone, also for users of several companies."""
        self.manager.groups_id |= self.env.ref("base.group_multi_company")
        Order = self.env["sale.order"].with_user(self.manager)
        for xmlid in ("sale.view_quotation_tree_with_onboarding", "sale.view_order_tree"):
            arch = etree.fromstring(Order.get_view(self.env.ref(xmlid).id, "list")["arch"])
            columns = [node.get("name") for node in arch.xpath("./field")
                       if node.get("column_invisible") not in ("True", "1")]
            self.assertNotIn("company_id", columns, xmlid)
            tiers = columns.index("company_tier")
            self.assertEqual(columns[tiers:tiers + 2], ["company_tier", "partner_tier"], xmlid)
            # Where the company column was: after the salesperson, team and activities,
            # not beside the customer.
            self.assertGreater(tiers, columns.index("user_id"), xmlid)
            self.assertNotEqual(columns[columns.index("partner_id") + 1], "company_tier", xmlid)

    def test_big_amount_levels_and_their_styles(self):
        levels = {amount: self.quotation(self.customer_a1, self.agent_a1, amount)
                  for amount in (299_999_999, 300_000_000, 999_999_999, 1_000_000_000)}
        self.assertEqual({a: o.amount_level for a, o in levels.items()}, {
            299_999_999: "normal", 300_000_000: "gold", 999_999_999: "gold", 1_000_000_000: "special"})
        self.assertEqual([o.amount_decoration for o in levels.values()], ["", "warning", "warning", "danger"])
        # The styles are settings, and so are the thresholds.
        self.env.company.write({"sales_panel_special_style": "primary", "sales_panel_gold_amount": 400_000_000})
        self.env.invalidate_all()
        self.assertEqual(levels[300_000_000].amount_level, "normal")
        self.assertEqual(levels[1_000_000_000].amount_decoration, "primary")
        for view_type in ("list", "kanban"):
            arch = self.env["sale.order"].get_view(view_type=view_type)["arch"]
            self.assertIn("amount_decoration == 'warning'", arch, view_type)
            self.assertIn("amount_level == 'special'", arch, view_type)
        chase = self.env.ref("crm_proforma_followup.sale_order_view_chase_list").arch
        self.assertIn("amount_decoration == 'danger'", chase)
        form = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn("Special amount", form)

    def test_other_currency_is_converted(self):
        usd = self.env.ref("base.USD")
        company_currency = self.env.company.currency_id
        other = usd if company_currency != usd else self.env.ref("base.EUR")
        other.active = True
        self.env["res.currency.rate"].search([("currency_id", "in", (other | company_currency).ids)]).unlink()
        # 1 unit of the other currency is worth 100 000 of the company's.
        self.env["res.currency.rate"].create({"currency_id": other.id, "rate": 0.00001,
                                              "name": "2020-01-01"})
        pricelist = self.env["product.pricelist"].create({"name": "Foreign", "currency_id": other.id})
        levels = {amount: self.quotation(self.customer_a1, self.agent_a1, amount, pricelist_id=pricelist.id)
                  for amount in (2_999, 3_000, 10_000)}
        self.assertEqual(levels[3_000].currency_id, other)
        self.assertEqual({a: o.amount_level for a, o in levels.items()},
                         {2_999: "normal", 3_000: "gold", 10_000: "special"})
