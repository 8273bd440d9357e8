import datetime
import io

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import AlertCase, utc

D = datetime.date


@tagged("post_install", "-at_install")
class TestSolarHijriTargets(AlertCase):
    """A company counting in Solar Hijri months: F22 of 1 December 2026 is Azar 1405's
    target, 1 Azar (22 November) to 30 Azar (21 December)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sales_panel_calendar = "jalali"
        cls.demo_agent = cls.env.ref("crm_sales_base.user_agent_1")
        # The demo's agent (of the demo company) works in the test's company here.
        cls.demo_agent.write({"company_ids": [Command.link(cls.company.id)], "company_id": cls.company.id})
        cls.env["crm.team.member"].search([("user_id", "=", cls.demo_agent.id)]).unlink()  # the demo company's teams

    def test_f22_of_the_demo_agent_on_1_december_2026_covers_azar(self):
        rule = self.rule("rule_f22_monthly_gap")
        agent = self.demo_agent
        # A target from 1 Azar; one from 1 December (10 Azar) starts after Azar did: Dey's.
        self.target(agent, D(2026, 11, 22), monthly_amount=10_000_000)
        self.target(agent, D(2026, 12, 1), monthly_amount=99_000_000)
        for local, amount in (("2026-11-21 23:50", 1_000),     # 30 Aban: Aban's
                              ("2026-11-22 00:10", 2_000_000),  # 1 Azar
                              ("2026-12-21 23:50", 3_000_000),  # 30 Azar
                              ("2026-12-22 00:10", 4_000)):     # 1 Dey: Dey's
            self.confirmed_at(agent, local, amount)
        self.evaluate("2026-12-01 10:00", rule)
        result = self.results(rule, agent)
        self.assertEqual((result.date, result.done, result.target, result.value),
                         (D(2026, 12, 1), 5_000_000, 10_000_000, 5_000_000))
        period = self.company._sales_panel_period("month", D(2026, 12, 1))
        self.assertEqual((period.start, period.stop), (D(2026, 11, 22), D(2026, 12, 22)))
        # The agent's home shows the same month.
        with freeze_time(utc("2026-12-01 10:00")):
            month = self.env["res.users"].with_user(agent).sales_panel_home()["targets"]["month"]
        self.assertEqual((month["date_from"], month["date_to"], month["amount"], month["amount_target"]),
                         ("2026-11-22", "2026-12-21", 5_000_000, 10_000_000))
        # The same figures in a Gregorian company: December's, from 1 December.
        self.company.sales_panel_calendar = "gregorian"
        self.evaluate("2026-12-01 10:05", rule)
        result = self.results(rule, agent)
        self.assertEqual((result.done, result.target), (3_004_000, 99_000_000))

    def test_target_names_and_default_start_follow_the_calendars(self):
        with freeze_time(utc("2026-12-01 10:00")):
            target = self.env["crm.sales.target"].with_user(self.manager).create(
                {"user_id": self.agent_a1.id, "monthly_amount": 1_000_000})
        self.assertEqual(target.date_start, D(2026, 11, 22), "a new target starts with the month: 1 Azar")
        self.manager.sales_panel_date_calendar = "jalali"
        self.assertEqual(target.with_user(self.manager).display_name, f"{self.agent_a1.name} (1405/09/01)")
        self.manager.sales_panel_date_calendar = "gregorian"
        target.invalidate_recordset(["display_name"])
        self.env["res.lang"]._activate_lang("en_US")  # the English reader's date format
        # The date as the reader's language writes dates everywhere else (the manager report's
        # "From 11/22/2026"): one formatter, res.users._sales_panel_format_date.
        self.assertEqual(target.with_user(self.manager).with_context(lang="en_US").display_name,
                         f"{self.agent_a1.name} (11/22/2026)")
        self.assertEqual(self.manager.with_context(lang="en_US")._sales_panel_format_date(target.date_start),
                         "11/22/2026")

    def test_manager_report_covers_the_month_and_writes_jalali_dates(self):
        self.manager.sales_panel_date_calendar = "auto"
        with freeze_time(utc("2026-12-01 10:00")):
            report = self.env["crm.alert.report"].with_user(self.manager).with_context(lang="fa_IR").create({})
        self.assertEqual((report.date_from, report.date_to), (D(2026, 11, 22), D(2026, 12, 21)))
        sheet = openpyxl.load_workbook(io.BytesIO(report._sales_panel_xlsx())).active
        self.assertIn("1405/09/01", sheet["A2"].value)
        self.assertIn("1405/09/30", sheet["A2"].value)
        # A reader of English with the Gregorian preference gets Odoo's dates.
        self.env["res.lang"]._activate_lang("en_US")
        self.manager.sales_panel_date_calendar = "gregorian"
        sheet = openpyxl.load_workbook(io.BytesIO(report.with_context(lang="en_US")._sales_panel_xlsx())).active
        self.assertEqual(sheet["A2"].value, "From 11/22/2026 to 12/21/2026")
