import io

import openpyxl

from odoo import Command
from odoo.tests import HttpCase, tagged

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

    def test_manager_report_spreadsheet_in_tomans(self):
        """The manager report's spreadsheet writes the sales as its screen shows them: whole
        tomans when the company shows tomans, named in the column's title; rials otherwise."""
        irr = self.env.ref("base.IRR")
        irr.write({"active": True, "rounding": 1.0})
        company = self.env["res.company"].create({"name": "Rial company", "currency_id": irr.id})
        report = self.env["crm.alert.report"].with_context(lang="en_US").create({"company_id": company.id})
        self.env["crm.alert.report.line"].create([
            {"report_id": report.id, "name": name, "currency_id": irr.id, "calls": calls, "sales_amount": amount}
            for name, calls, amount in (("Agent one", 3, 45_000_000_005), ("Agent two", 1, 1_500_000))])

        def sheet():
            rows = list(openpyxl.load_workbook(io.BytesIO(report._sales_panel_xlsx())).active.iter_rows(values_only=True))
            header = next(row for row in rows if row[0] == "Agent")
            return header[-1], {row[0]: row[-1] for row in rows if row[0] in ("Agent one", "Agent two", "Total")}

        self.assertEqual(sheet(), ("Sales amount", {
            "Agent one": 45_000_000_005, "Agent two": 1_500_000, "Total": 45_001_500_005}))
        company.sales_panel_amount_unit = "toman"
        self.assertEqual(sheet(), ("Sales amount (Toman)", {
            "Agent one": 4_500_000_001, "Agent two": 150_000, "Total": 4_500_150_001}))
        self.assertEqual(report.line_ids.mapped("sales_amount"), [45_000_000_005, 1_500_000], "stored in rials")


@tagged("post_install", "-at_install")
class TestMoneyTargets(HttpCase):
    """Sales targets in the company's display unit: the list, the cards and the form show
    tomans when the company shows tomans, typed and stored in rials (issue 19)."""

    def test_targets_in_tomans(self):
        irr = self.env.ref("base.IRR")
        irr.write({"active": True, "rounding": 1.0})
        company = self.env["res.company"].create({
            "name": "Toman company", "currency_id": irr.id, "sales_panel_amount_unit": "toman"})
        self.env["res.lang"]._activate_lang("fa_IR")
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.link(company.id)], "company_id": company.id, "lang": "fa_IR"})
        target = self.env["crm.sales.target"].create({
            "user_id": admin.id, "company_id": company.id, "weekly_amount": 1_500_000_000,
            "monthly_amount": 45_000_000_000})
        self.assertEqual(company.with_context(lang="fa_IR")._sales_panel_format_amount(target.monthly_amount),
                         f"4,500,000,000{NBSP}تومان")
        self.start_tour("/odoo/action-crm_alerts.crm_sales_target_action", "crm_alerts_targets_in_tomans",
                        login="admin")
        # 5,000,000,000 tomans typed in the form: rials stored.
        self.assertEqual(target.monthly_amount, 50_000_000_000)
        self.assertEqual(target.weekly_amount, 1_500_000_000, "untouched")
