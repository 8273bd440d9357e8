from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_sales_base.tests.common import company_init_chained


@tagged("post_install", "-at_install")
class TestCompanyInit(TransactionCase):
    def test_init_gives_tokens_and_calls_super(self):
        """crm_sms_after_call's res.company init() gives a company without a delivery report
        token its own, and lets the other inits of the chain run (base's paper format)."""
        company = self.env["res.company"].create({"name": "Company without a token"})
        self.env.cr.execute("UPDATE res_company SET sms_callback_token = NULL WHERE id = %s", [company.id])
        self.assertTrue(company_init_chained(self.env))
        company.invalidate_recordset(["sms_callback_token"])
        self.assertTrue(company.sudo().sms_callback_token)
