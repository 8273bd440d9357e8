from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestConcurrentChecks(TransactionCase):
    """An agent's page load and the 5-minute job check the same rule for the same agent on
    the same day in two transactions. Real ones here, on committed data: one whose
    snapshot was taken before the other committed the day's result must neither fail on
    the (rule, agent, day) key nor add a second row, and the row ends with the latest
    figures. (The test's own transaction stays untouched; what it commits, it removes.)"""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            admin = env.ref("base.user_admin")
            self.admin_id = admin.id
            self.before = {table: self._max_id(cr, table)
                           for table in ("crm_alert_result", "res_partner", "bus_bus")}
            self.rule_id = env["crm.alert.rule"].create({
                "name": "Race", "metric": "contacts_added", "operator": "lt", "threshold": 1_000_000,
                "all_day": True, "company_id": admin.company_id.id, "user_ids": [(6, 0, admin.ids)],
                "message": "{value}", **{day: True for day in (
                    "day_sat", "day_sun", "day_mon", "day_tue", "day_wed", "day_thu", "day_fri")},
            }).id
        self.addCleanup(self._remove_committed)

    @staticmethod
    def _max_id(cr, table):
        cr.execute(SQL("SELECT coalesce(max(id), 0) FROM %s", SQL.identifier(table)))
        return cr.fetchone()[0]

    def _remove_committed(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM crm_alert_rule WHERE id = %s", [self.rule_id])
            for table, last in self.before.items():
                cr.execute(SQL("DELETE FROM %s WHERE id > %s", SQL.identifier(table), last))

    def _add_contact(self):
        """A contact the agent adds, committed: one more for the rule's figure."""
        with self.registry.cursor() as cr:
            api.Environment(cr, self.admin_id, {})["res.partner"].create({"name": "Race contact"})

    def _the_job_checks_and_commits(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            rule = env["crm.alert.rule"].browse(self.rule_id)
            rule._sales_panel_evaluate(users=env["res.users"].browse(self.admin_id))

    def _rows(self):
        with closing(self.registry.cursor()) as cr:
            cr.execute("SELECT value, is_on FROM crm_alert_result WHERE rule_id = %s", [self.rule_id])
            return cr.fetchall()

    def test_page_load_after_the_job_committed_the_same_result(self):
        with closing(self.registry.cursor()) as cr_page:
            cr_page.execute("SELECT 1")  # the page load's snapshot (repeatable read) starts here
            self._the_job_checks_and_commits()
            [(value_job, _on)] = self._rows()
            self._add_contact()
            env = api.Environment(cr_page, self.admin_id, {})
            # As the web client's RPC runs it: Odoo retries a request on a serialization
            # failure, a unique violation fails it.
            alerts = retrying(lambda: env["res.users"].sales_panel_alerts(), env)
            cr_page.commit()
        self.assertEqual(self._rows(), [(value_job + 1, True)], "one row, with the latest figure")
        self.assertIn(self.rule_id, [alert["rule_id"] for alert in alerts], "and the agent sees it")

    def test_job_after_a_page_load_committed_the_same_result(self):
        with closing(self.registry.cursor()) as cr_job:
            cr_job.execute("SELECT 1")  # the job's snapshot starts here
            with self.registry.cursor() as cr_page:
                api.Environment(cr_page, self.admin_id, {})["res.users"].sales_panel_alerts()
            [(value_page, _on)] = self._rows()
            self._add_contact()
            api.Environment(cr_job, SUPERUSER_ID, {})["crm.alert.rule"]._cron_sales_panel_evaluate()
            cr_job.commit()
        self.assertEqual(self._rows(), [(value_page + 1, True)], "one row, with the latest figure")
