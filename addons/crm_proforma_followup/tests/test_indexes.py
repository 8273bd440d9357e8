from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.crm_sales_base.tests.common import assert_indexes_dropped_on_uninstall

from ..hooks import INDEXES, uninstall_hook


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def test_quotation_indexes_created_and_dropped_on_uninstall(self):
        self.assertIn("sale_order_date_order_user_idx", INDEXES)
        self.assertIn("sale_order_chase_idx", INDEXES)
        assert_indexes_dropped_on_uninstall(self, INDEXES, uninstall_hook)

    def test_chase_index_serves_the_chase_list(self):
        """The chase list's query (its action's domain, the agent's record rules, its order)
        is one the partial index answers: PostgreSQL proves the index's condition from the
        domain, so the plan can read it (forced here: the test database is too small for
        the planner to choose an index on its own)."""
        agent = self.env["res.users"].search([("groups_id", "in", self.env.ref("crm_sales_base.group_agent").id)],
                                             limit=1)
        Order = self.env["sale.order"].with_user(agent)
        query = Order._search(Order._sales_panel_chase_domain(), limit=80, order="amount_total desc, id")
        sql = query.select()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_bitmapscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", sql))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("sale_order_chase_idx", plan)
