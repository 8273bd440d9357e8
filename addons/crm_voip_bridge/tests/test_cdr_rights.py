"""Who may do what with CDR sources, through the web client's RPC (issue 15): buttons are
public methods anyone logged in can call, credentials are fields only administrators read."""

import json
import os
import shutil
import tempfile

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

CREDENTIALS = ["host", "port", "database", "table", "login", "password", "csv_path",
               "recording_dir", "recording_url", "recording_login", "recording_password"]
SECRET = "s3cr3t-Pw"


@tagged("post_install", "-at_install")
class TestCdrSourceRights(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="cdr_r_manager", groups="crm_sales_base.group_manager")
        cls.agent = new_test_user(cls.env, login="cdr_r_agent", groups="crm_sales_base.group_agent")
        cls.admin = new_test_user(cls.env, login="cdr_r_admin", groups="base.group_system")
        directory = tempfile.mkdtemp(prefix="sp-cdr-rights-")
        cls.addClassCleanup(shutil.rmtree, directory, ignore_errors=True)
        path = os.path.join(directory, "Master.csv")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write('"","09121234567","101","from-trunk","""Ali"" <09121234567>","PJSIP/trunk-1",'
                     '"PJSIP/101-2","Dial","","2026-11-22 09:00:00","2026-11-22 09:00:10",'
                     '"2026-11-22 09:00:50",50,40,"ANSWERED","DOCUMENTATION","rights.1","","rights.1",1\n')
        cls.source = cls.env["crm.cdr.source"].create({
            "name": "PBX", "kind": "csv", "csv_path": path, "password": SECRET,
            "recording_password": SECRET,
        })

    def call(self, user, method, *args, **kwargs):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/crm.cdr.source/{method}", {
            "model": "crm.cdr.source", "method": method, "args": list(args), "kwargs": kwargs})

    def assert_refused(self, user, method, *args, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(user, method, *args, **kwargs)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError", f"{user.login}.{method}")

    def test_agent_can_do_nothing(self):
        for method in ("action_sync", "action_test_connection"):
            self.assert_refused(self.agent, method, self.source.ids)
        self.assert_refused(self.agent, "read", self.source.ids, ["name"])
        self.assertFalse(self.source.log_ids)

    def test_manager_syncs_but_neither_connects_nor_reads_credentials(self):
        self.assert_refused(self.manager, "action_test_connection", self.source.ids)
        for field in CREDENTIALS:
            self.assert_refused(self.manager, "read", self.source.ids, [field])
        self.assert_refused(self.manager, "write", self.source.ids, {"csv_path": "/etc/passwd"})
        shown = self.call(self.manager, "web_read", self.source.ids, specification={
            name: {} for name in self.env["crm.cdr.source"].with_user(self.manager).fields_get()})
        self.assertNotIn(SECRET, json.dumps(shown))
        self.assertTrue(self.call(self.manager, "action_sync", self.source.ids))
        # The button asked the sync cron to run (issue 22): the scheduler runs it.
        self.env.ref("crm_voip_bridge.ir_cron_cdr_sync").method_direct_trigger()
        self.env.invalidate_all()
        log = self.source.log_ids
        self.assertEqual((log.state, log.rows_read, log.calls_created), ("done", 1, 1))
        self.assertTrue(self.source.last_success_date)

    def test_administrator_tests_the_connection(self):
        result = self.call(self.admin, "action_test_connection", self.source.ids)
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.call(self.admin, "read", self.source.ids, ["password"])[0]["password"], SECRET)
