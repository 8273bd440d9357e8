"""Issue 20: the quotation list of an agent of stock's "own documents" rule, read from the index
of the agent's quotations (the rule's OR left out where the search keeps to one salesperson)."""

import datetime

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import RolesMixin

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestOwnQuotationList(RolesMixin, FollowupCase):
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

    # Stock's answer, whatever the user's rules: every quotation the domain selects, read as
    # superuser, kept when the user may read it (the record rules checked on each record,
    # as stock's access check does, never through the shortcut's search).
    def stock(self, user, domain, companies=None, offset=0, limit=None, order="date_order desc, id desc"):
        Order = self.env["sale.order"].sudo()
        reader = Order.search(domain, order=order).with_user(user)
        if companies:
            reader = reader.with_context(allowed_company_ids=companies.ids)
        ids = reader._filtered_access("read").ids
        return ids[offset:offset + limit if limit else None], len(ids)

    def listed(self, user, domain, companies=None, offset=0, limit=None, order="date_order desc, id desc"):
        """The page of the list (web_search_read, the same as search()) and the count of the
        quotations (search_count), as ``user`` working in ``companies`` (the company
        switcher's allowed companies)."""
        Order = self.env["sale.order"].with_user(user)
        if companies:
            Order = Order.with_context(allowed_company_ids=companies.ids)
        result = Order.web_search_read(domain, {"name": {}}, offset=offset, limit=limit, order=order,
                                       count_limit=10001)
        searched = Order.search(domain, offset=offset, limit=limit, order=order).ids
        self.assertEqual([row["id"] for row in result["records"]], searched, "search() and the list agree")
        count = Order.search_count(domain)
        if searched:  # (an empty page has a length of 0)
            self.assertEqual(result["length"], count, "the list's count")
        return searched, count

    def test_rules_changing_in_the_same_registry(self):
        """The shortcut's cached verdict (the user's rules are stock's "own documents" rule)
        follows the user's groups changing in the same registry: a custom role's quotations
        section set to "my teams", then "all", then back to "own", the pages and counts
        are stock's for the rights the holder has at that moment."""
        role = self.make_role("Seller", quotations="own", contacts="own")
        seller = self.role_user("t_own_list_seller", role)
        self.team_b.user_id = seller  # "my teams" shows agent B1's quotations
        self.team_a.crm_team_member_ids = [Command.create({"user_id": seller.id})]
        for order in self.mine[:2]:
            order.copy({"user_id": seller.id})
        Order = self.env["sale.order"].with_user(seller)
        seen = {}
        for level in ("own", "team", "all", "own"):
            role.sales_panel_section_quotations = level
            self.assertEqual(Order._sales_panel_own_rule_globals() is not None, level == "own", level)
            for domain in ([], [("state", "=", "sent")], [("user_id", "=", seller.id)]):
                total = self.stock(seller, domain)[1]
                self.assertTrue(total, (level, domain))
                for offset in (0, 2):
                    self.assertEqual(self.listed(seller, domain, offset=offset, limit=2),
                                     self.stock(seller, domain, offset=offset, limit=2), (level, domain, offset))
                self.assertEqual(self.listed(seller, domain), self.stock(seller, domain), (level, domain))
            seen.setdefault(level, self.stock(seller, [])[1])
        self.assertLess(seen["own"], seen["team"], "the levels show different quotations")
        self.assertLess(seen["team"], seen["all"])

    def test_two_companies(self):
        """An agent working in two companies: whichever companies the switcher allows (and
        their order), the pages and counts are stock's, the cached rules of one set of
        companies never used for another."""
        agent = self.agent_a1
        company_1 = self.env.company
        company_2 = self.env["res.company"].create({"name": "Second company of the own list"})
        agent.company_ids = [Command.link(company_2.id)]
        Order = self.env["sale.order"]
        customer = self.env["res.partner"].create({"name": "Customer of both", "user_id": agent.id})
        start = self.env["sale.order"].sudo().search([], order="date_order", limit=1).date_order
        second = Order
        for index in range(6):  # interleaved with the first company's dates
            second |= Order.with_company(company_2).create({
                "partner_id": customer.id, "company_id": company_2.id,
                "user_id": (agent.id, False, self.agent_a2.id)[index % 3],
                "date_order": start - datetime.timedelta(days=index, hours=12),
            })
        self.assertIsNotNone(Order.with_user(agent)._sales_panel_own_rule_globals())
        found = {}
        for companies in (company_1, company_2, company_1 | company_2, company_2 | company_1, None,
                          company_2, company_1):
            key = companies and tuple(companies.ids)
            for domain in ([], [("state", "=", "draft")], [("user_id", "=", False)]):
                for offset, limit in ((0, 3), (3, 3), (0, None)):
                    self.assertEqual(self.listed(agent, domain, companies, offset, limit),
                                     self.stock(agent, domain, companies, offset, limit), (key, domain, offset))
            found[key] = set(self.listed(agent, [], companies)[0])
        mine = {order.id for order in second if order.user_id != self.agent_a2}
        self.assertTrue(mine <= found[(company_2.id,)])
        self.assertFalse(mine & found[(company_1.id,)])
        self.assertEqual(found[None], found[(company_1.id, company_2.id)], "no switcher: every company of the user")

    def test_count_with_a_limit(self):
        """search_count with a limit (the list's count_limit) counts as stock's: the total,
        but never more than the limit, whichever kind (own, nobody's) reaches it."""
        agent = self.agent_a1
        Order = self.env["sale.order"].with_user(agent)
        for domain in ([], [("state", "=", "sent")], [("id", "in", (self.mine | self.nobodys).ids)]):
            total = self.stock(agent, domain)[1]
            own = len(self.stock(agent, domain + [("user_id", "=", agent.id)])[0])
            self.assertTrue(0 < own < total, domain)  # both kinds counted
            for limit in (None, 0, 1, own - 1, own, own + 1, total - 1, total, total + 1, 10001):
                self.assertEqual(Order.search_count(domain, limit=limit),
                                 min(total, limit) if limit else total, (domain, limit))
