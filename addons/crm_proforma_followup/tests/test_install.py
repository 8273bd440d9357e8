from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_depends_on_the_suite_only_downwards(self):
        """The addon is installed with the dependencies of the architecture map."""
        module = self.env["ir.module.module"].search([("name", "=", "crm_proforma_followup")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(
            sorted(module.dependencies_id.mapped("name")), ['crm_voip_bridge']
        )

    def test_companies_block_their_agents_from_the_start(self):
        agents = self.env.ref("crm_sales_base.group_agent")
        for company in self.env["res.company"].search([]):
            self.assertIn(agents, company.sales_panel_blocked_group_ids, company.name)
