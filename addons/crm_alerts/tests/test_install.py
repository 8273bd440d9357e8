from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_depends_on_the_suite_only_downwards(self):
        """The addon is installed with the dependencies of the architecture map."""
        module = self.env["ir.module.module"].search([("name", "=", "crm_alerts")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(
            sorted(module.dependencies_id.mapped("name")), ['crm_proforma_followup']
        )
