import datetime
import io

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin, outside_user

from .common import AlertCase

ACCESS_ERROR = "odoo.exceptions.AccessError"
MARCH = {"date_from": datetime.date(2025, 3, 1), "date_to": datetime.date(2025, 3, 31)}


@tagged("post_install", "-at_install")
class TestAlertsAccess(RpcMixin, AlertCase, HttpCase):
    """The top bar, the agent home and the manager report over RPC, by whoever calls them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = outside_user(cls.env, "portal", "al")
        cls.salesman = outside_user(cls.env, "salesman", "al")
        cls.accountant = outside_user(cls.env, "accountant", "al")

    def test_top_bar_for_everyone_home_for_agents(self):
        rule = self.rule("rule_f12_successful_calls_noon")
        rule.write({"all_day": True, "day_fri": True})
        # A rule may speak to a group that is no Sales Panel role (accountants here): they
        # get their own alerts, without any right on alert results.
        accountants = self.rule("rule_f2_avg_talk_low").copy({
            "metric": "calls", "operator": "lt", "threshold": 5, "all_day": True, "day_fri": True,
            "group_ids": [(6, 0, self.env.ref("account.group_account_invoice").ids)],
        })
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertIn(rule.id, [a["rule_id"] for a in self.rpc("res.users", "sales_panel_alerts")])
        self.assertIn("chase", self.rpc("res.users", "sales_panel_home"))
        self.authenticate(self.accountant.login, self.accountant.login)
        self.assertEqual([a["rule_id"] for a in self.rpc("res.users", "sales_panel_alerts")], [accountants.id])
        self.authenticate(self.salesman.login, self.salesman.login)
        self.assertEqual(self.rpc("res.users", "sales_panel_alerts"), [], "no rule speaks to them")
        self.authenticate(self.portal.login, self.portal.login)
        self.assertEqual(self.rpc_error("res.users", "sales_panel_alerts"), ACCESS_ERROR)
        for user in (self.portal, self.salesman, self.accountant):
            self.authenticate(user.login, user.login)
            self.assertEqual(self.rpc_error("res.users", "sales_panel_home"), ACCESS_ERROR, user.login)

    def test_report_buttons_for_the_forms_owner(self):
        report = self.env["crm.alert.report"].with_user(self.sup_a).create(MARCH)
        for user in (self.agent_a1, self.portal, self.salesman, self.sup_b):
            self.authenticate(user.login, user.login)
            for method in ("action_show", "action_download_xlsx"):
                self.assertEqual(self.rpc_error("crm.alert.report", method, report.ids), ACCESS_ERROR,
                                 f"{user.login}: {method}")
            self.assertNotEqual(self.url_open(f"/crm_alerts/report/{report.id}/xlsx").status_code, 200)
        self.authenticate(self.sup_a.login, self.sup_a.login)
        self.rpc("crm.alert.report", "action_show", report.ids)
        self.assertEqual(self.url_open(f"/crm_alerts/report/{report.id}/xlsx").status_code, 200)

    def test_report_cells_are_text(self):
        """An agent named like a formula or a web address arrives as that text."""
        names = ['=HYPERLINK("http://x.example","y")', "http://evil.example/"]
        agents = [new_test_user(self.env, f"t_inject_{i}", groups="crm_sales_base.group_agent", name=name)
                  for i, name in enumerate(names)]
        report = self.env["crm.alert.report"].with_user(self.manager).create(
            dict(MARCH, user_ids=[agent.id for agent in agents]))
        report.action_show()
        sheet = openpyxl.load_workbook(io.BytesIO(report._sales_panel_xlsx())).active
        cells = {row[0].value: row[0] for row in sheet.iter_rows() if row[0].value in names}
        self.assertEqual(set(cells), set(names))
        for name, cell in cells.items():
            self.assertEqual((cell.data_type, cell.hyperlink), ("s", None), name)
