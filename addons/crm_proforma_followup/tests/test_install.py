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

    def test_companies_block_their_sellers_from_the_start(self):
        # Who sells: the quotations section (#18), as the field's default for new companies.
        sellers = self.env.ref("crm_sales_base.group_section_quotations")
        for company in self.env["res.company"].search([]):
            self.assertIn(sellers, company.sales_panel_blocked_group_ids, company.name)
