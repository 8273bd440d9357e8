"""Large exports built in the background (issue 22): past the company's size the key people
file is built by the exports' cron, its user is told, and only they download it."""

import io
import json

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import RpcMixin


@tagged("post_install", "-at_install")
class TestBackgroundExport(RpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="bg_export_manager", groups="crm_sales_base.group_manager")
        cls.other_manager = new_test_user(cls.env, login="bg_export_other", groups="crm_sales_base.group_manager")
        cls.agent = new_test_user(cls.env, login="bg_export_agent", groups="crm_sales_base.group_agent")
        Partner = cls.env["res.partner"]
        company = Partner.create({"name": "Big customer", "is_company": True})
        Partner.create({"name": "Key person", "parent_id": company.id, "is_key_person": True,
                        "mobile": "+989121234567"})
        cls.companies = Partner.search_count([("is_company", "=", True)])
        cls.action = cls.env.ref("crm_sales_base.action_key_people_export")
        cls.cron = cls.env.ref("crm_sales_base.ir_cron_sales_panel_jobs")

    def press(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/action/run", {"action_id": self.action.id})

    def rows(self, content):
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]

    def jobs(self):
        return self.env["sales.panel.progress"].search([("job_method", "!=", False)])

    def test_small_export_stays_instant(self):
        self.env.company.sales_panel_background_rows = self.companies  # not past it
        action = self.press(self.manager)
        self.assertEqual((action["type"], action["url"]), ("ir.actions.act_url", "/sales_panel/key_people.xlsx"))
        self.assertFalse(self.jobs())
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.press(self.agent)  # supervisors and managers only

    def test_large_export_in_the_background_for_its_user_only(self):
        self.env.company.sales_panel_background_rows = self.companies - 1
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        action = self.press(self.manager)
        self.assertEqual((action["tag"], action["params"]["type"]), ("display_notification", "info"))
        job = self.jobs()
        self.assertEqual((job.state, job.user_id, job.file_name), ("queued", self.manager, "key_people.xlsx"))
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]), triggers + 1)

        self.cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((job.state, job.done, job.total, job.has_file), ("done", self.companies, self.companies, True))
        # Told: a notification now, and a message with the link in the inbox.
        partner = self.manager.partner_id
        notices = self.env["bus.bus"].sudo().search([("channel", "=", json.dumps(
            [self.env.cr.dbname, "res.partner", partner.id], separators=(",", ":")))])
        self.assertIn("simple_notification", [json.loads(notice.message)["type"] for notice in notices])
        message = self.env["mail.message"].search([("partner_ids", "in", partner.ids)], limit=1)
        self.assertIn(f"/sales_panel/progress/{job.id}/file", message.body)

        # Its user downloads the same rows as the instant export would give them.
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(f"/sales_panel/progress/{job.id}/file")
        self.assertEqual(response.status_code, 200)
        instant = self.url_open("/sales_panel/key_people.xlsx")
        self.assertEqual(self.rows(response.content), self.rows(instant.content))
        self.assertIn(("Big customer", "Key person"), [(row[0], row[2]) for row in self.rows(response.content)])

        # Another manager sees the job (managers follow the jobs of their company) but never
        # gets its file: neither by its route, nor /web/content, nor RPC.
        self.authenticate(self.other_manager.login, self.other_manager.login)
        self.assertEqual(self.rpc("sales.panel.progress", "read", job.ids, ["state"])[0]["state"], "done")
        self.assertEqual(self.url_open(f"/sales_panel/progress/{job.id}/file").status_code, 404)
        self.assertFalse(self.env["ir.attachment"].sudo().search(
            [("res_model", "=", job._name), ("res_id", "=", job.id), ("res_field", "=", "file")]),
            "no attachment whose id /web/content would serve")
        with mute_logger("odoo.http"):
            self.assertIn(self.url_open(f"/web/content/sales.panel.progress/{job.id}/file").status_code,
                          (403, 404))
            self.assertEqual(self.rpc_error("sales.panel.progress", "read", job.ids, ["file"]),
                             "odoo.exceptions.AccessError")
        # An agent neither sees the job nor downloads it.
        self.authenticate(self.agent.login, self.agent.login)
        self.assertFalse(self.rpc("sales.panel.progress", "search", [("id", "=", job.id)]))
        self.assertEqual(self.url_open(f"/sales_panel/progress/{job.id}/file").status_code, 404)
