from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_sales_base.tests.common import company_init_chained


@tagged("post_install", "-at_install")
class TestCompanyInit(TransactionCase):
    def test_init_hands_the_timezone_over_and_calls_super(self):
        """crm_voip_bridge's res.company init() adopts its former calendar field and lets
        the other inits of the chain run (base's gives companies a paper format)."""
        self.env.cr.execute("""
            INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
            SELECT 'crm_voip_bridge', name, model, res_id, noupdate FROM ir_model_data
             WHERE module = 'crm_sales_base' AND name = 'field_res_company__sales_panel_timezone'
        """)
        self.assertTrue(company_init_chained(self.env))
        self.env.cr.execute("SELECT module FROM ir_model_data WHERE name = 'field_res_company__sales_panel_timezone'")
        self.assertEqual(self.env.cr.fetchall(), [("crm_sales_base",)])
