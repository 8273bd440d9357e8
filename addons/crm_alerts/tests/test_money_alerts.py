from odoo.tests import tagged

from .common import AlertCase

NBSP = "\u00a0"


@tagged("post_install", "-at_install")
class TestMoneyAlerts(AlertCase):
    """The alerts' amounts (F21/F22 gaps, targets) are written as the company shows amounts:
    in rials, or in tomans (issue 19)."""

    def test_gap_messages_in_rials_or_tomans(self):
        irr = self.env.ref("base.IRR")
        irr.write({"active": True, "rounding": 1.0})
        company = self.env["res.company"].create({"name": "Rial company", "currency_id": irr.id})
        rule = self.rule("rule_f22_monthly_gap").with_context(lang="en_US")
        self.assertEqual(rule._format(45_000_000_000, company), f"45,000,000,000{NBSP}{irr.symbol}")
        company.sales_panel_amount_unit = "toman"
        self.assertEqual(rule._format(45_000_000_000, company), f"4,500,000,000{NBSP}Toman")
        persian = rule.with_context(lang="fa_IR")._format(45_000_000_000, company)
        self.assertTrue(persian.endswith(f"{NBSP}تومان"), persian)
        # Counts and minutes are not amounts.
        self.assertEqual(self.rule("rule_f12_successful_calls_noon").with_context(lang="en_US")._format(20, company), "20")
