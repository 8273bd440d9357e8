"""Issue 20: the quotation list of an agent of stock's "own documents" rule, read from the index
of the agent's quotations (the rule's OR left out where the search keeps to one salesperson)."""

import datetime

from odoo.tests import tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestOwnQuotationList(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.cr.execute("SELECT min(date_order) FROM sale_order")
        start = (cls.env.cr.fetchone()[0] or datetime.datetime(2026, 1, 1)) - datetime.timedelta(days=30)
        Order = cls.env["sale.order"]
        # Dates interleaved between the agent's, another agent's and nobody's quotations.
        cls.mine, cls.nobodys = Order, Order
        for index in range(9):
            date = start - datetime.timedelta(days=index)
            owner = (cls.agent_a1, cls.agent_a2, False)[index % 3]
            order = Order.create({
                "partner_id": cls.customer_a1.id, "user_id": owner and owner.id, "date_order": date,
                "state": "sent" if index % 2 else "draft",
            })
            if owner == cls.agent_a1:
                cls.mine |= order
            elif not owner:
                cls.nobodys |= order

    def page(self, user, domain, offset, limit, order="date_order desc, id desc"):
        result = self.env["sale.order"].with_user(user).web_search_read(
            domain, {"name": {}, "date_order": {}}, offset=offset, limit=limit, order=order, count_limit=10001)
        return [row["id"] for row in result["records"]], result["length"]

    def expected(self, user, domain, offset, limit, order="date_order desc, id desc"):
        """What stock's rule shows: the user's quotations and nobody's, searched as superuser."""
        visible = ["&", ("company_id", "in", user.company_ids.ids),
                   "|", ("user_id", "=", user.id), ("user_id", "=", False)]
        Order = self.env["sale.order"].sudo()
        return (Order.search(visible + domain, order=order, offset=offset, limit=limit).ids,
                Order.search_count(visible + domain))

    def test_pages_and_counts_are_stock_rule_s(self):
        """Every page, in several orders and with a filter, holds what stock's rule shows."""
        agent = self.agent_a1
        self.assertIsNotNone(self.env["sale.order"].with_user(agent)._sales_panel_own_rule_globals())
        self.assertGreaterEqual(self.expected(agent, [], 0, None)[1], len(self.mine | self.nobodys))
        for order in ("date_order desc, id desc", "amount_total desc, id", "name, id"):
            for domain in ([], [("state", "=", "sent")]):
                total = self.expected(agent, domain, 0, None)[1]
                self.assertTrue(total)
                for offset in range(0, total, 2):  # (an empty page has a length of 0)
                    self.assertEqual(self.page(agent, domain, offset, 2, order),
                                     self.expected(agent, domain, offset, 2, order), (order, domain, offset))

    def test_only_nobody_s_or_only_own(self):
        agent = self.agent_a1
        for domain in ([("user_id", "=", False)], [("user_id", "=", agent.id)], [("id", "in", self.nobodys.ids)]):
            self.assertEqual(self.page(agent, domain, 0, 80), self.expected(agent, domain, 0, 80), domain)

    def test_rule_left_out_where_the_search_keeps_to_one_salesperson(self):
        """The SQL of an agent's own quotations (the chase list, the home, each part of the list)
        has no ``user_id IS NULL`` of the rule: PostgreSQL then counts the agent's rows right and
        reads the index of the list's order. The company rule stays."""
        Order = self.env["sale.order"].with_user(self.agent_a1)
        for domain in ([("user_id", "=", self.agent_a1.id)], Order._sales_panel_chase_domain(),
                       [("user_id", "=", False), ("state", "=", "draft")]):
            sql = Order._search(domain, limit=80, order="amount_total desc, id").select().code
            self.assertEqual(sql.count('"user_id"'), 1, sql)
            self.assertIn('"company_id" IN', sql)
        # Other searches keep stock's rule.
        sql = Order._search([("state", "=", "draft")]).select().code
        self.assertIn("IS NULL", sql)

    def test_other_rules_keep_stock_s_search(self):
        """A supervisor (their teams' quotations) or a manager is searched as stock does."""
        for user in (self.sup_a, self.manager):
            Order = self.env["sale.order"].with_user(user)
            self.assertIsNone(Order._sales_panel_own_rule_globals(), user.login)
            self.assertIsNone(Order._sales_panel_own_parts([]), user.login)

    def test_domains_that_do_not_keep_to_one_salesperson(self):
        """A term under "|" or "!" keeps nothing to the agent: stock's rule applies; the pages
        are stock's rule's. Generated domains of thousands of terms are read too."""
        agent = self.agent_a1
        Order = self.env["sale.order"].with_user(agent)
        for domain in (["!", ("user_id", "=", agent.id)],
                       ["|", ("user_id", "=", False), ("state", "=", "sale")],
                       [("state", "=", "draft"), "|", ("state", "=", "sent"), ("user_id", "=", agent.id)]):
            self.assertFalse(Order._sales_panel_keeps_to_own(domain), domain)
            self.assertEqual(self.page(agent, domain, 0, 80), self.expected(agent, domain, 0, 80), domain)
        large = [("id", "!=", -n) for n in range(1, 3000)] + [("user_id", "=", agent.id)]
        self.assertTrue(Order._sales_panel_keeps_to_own(large))
        self.assertEqual(self.page(agent, large, 0, 80), self.expected(agent, large, 0, 80))

    def test_offset_none_as_rpc_may_send_it(self):
        agent = self.agent_a1
        records = self.env["sale.order"].with_user(agent).search_fetch([], ["name"], offset=None, limit=3,
                                                                       order="date_order desc, id desc")
        self.assertEqual(records.ids, self.expected(agent, [], 0, 3)[0])
