"""The manager report's spreadsheet past the company's size: built in the background, as its
user, who is told when it is ready (issue 22)."""

import base64
import datetime

from odoo.tests import tagged

from .common import AlertCase
from .test_report import xlsx_rows

MARCH = {"date_from": datetime.date(2025, 3, 1), "date_to": datetime.date(2025, 3, 31)}


@tagged("post_install", "-at_install")
class TestBackgroundReport(AlertCase):
    def job(self, report):
        return self.env["sales.panel.progress"].search([("res_model", "=", report._name), ("res_id", "=", report.id)])

    def build(self, user):
        report = self.env["crm.alert.report"].with_user(user).create(MARCH)
        report.action_show()
        return report

    def test_large_report_is_built_in_the_background(self):
        for agent, partner in ((self.agent_a1, self.customer_a1), (self.agent_a2, self.customer_a2),
                               (self.agent_b1, self.customer_b1)):
            for day in (3, 10, 17):
                self.call_at(agent, f"2025-03-{day:02d} 10:00", 120, partner=partner)
        report = self.build(self.manager)
        instant = xlsx_rows(report.with_context(lang=self.manager.lang)._sales_panel_xlsx())
        calls = report._sales_panel_size()
        self.assertGreaterEqual(calls, 9, "the calls of March the manager sees")
        self.env.company.sales_panel_background_rows = calls  # not past it: at once
        self.assertEqual(report.action_download_xlsx()["type"], "ir.actions.act_url")
        self.assertFalse(self.job(report))

        self.env.company.sales_panel_background_rows = calls - 1
        action = report.action_download_xlsx()
        self.assertEqual((action["tag"], action["params"]["type"]), ("display_notification", "info"))
        job = self.job(report)
        self.assertEqual((job.state, job.user_id, job.file_name),
                         ("queued", self.manager, "sales_panel_report_2025-03-01_2025-03-31.xlsx"))
        cron = self.env.ref("crm_sales_base.ir_cron_sales_panel_jobs")
        cron.method_direct_trigger()
        self.assertEqual((job.state, job.has_file), ("done", True))
        self.assertEqual(xlsx_rows(base64.b64decode(job.sudo().file)), instant, "the file it would get at once")
        self.assertIn(self.agent_b1.name, instant)

        # A supervisor's form: the job runs with the supervisor's rights, not the cron's.
        own = self.build(self.sup_a)
        self.env.company.sales_panel_background_rows = 1
        self.assertEqual(own.with_user(self.sup_a).action_download_xlsx()["tag"], "display_notification")
        cron.method_direct_trigger()
        names = xlsx_rows(base64.b64decode(self.job(own).sudo().file))
        self.assertIn(self.agent_a1.name, names)
        self.assertNotIn(self.agent_b1.name, names, "team B stays hidden from team A's supervisor")
