from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_sales_base.tests.common import company_field_adopted


@tagged("post_install", "-at_install")
class TestCompanyInit(TransactionCase):
    def test_init_hands_the_week_start_over_and_calls_super(self):
        """crm_alerts' res.company init() adopts its former calendar field and lets the
        other inits of the chain run (base's gives companies a paper format)."""
        self.assertEqual(company_field_adopted(self.env, "crm_alerts", "sales_panel_week_start"), (True, ["crm_sales_base"]))
