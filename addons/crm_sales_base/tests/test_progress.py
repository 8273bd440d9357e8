"""One way of reporting a long job's progress (issue 22): ``sales.panel.progress``."""

import threading

from odoo import api
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesPanelCase


@tagged("post_install", "-at_install")
class TestProgress(SalesPanelCase):
    def forget(self, progress_id):
        """Committed by the test below: removed by a transaction of its own."""
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM sales_panel_progress WHERE id = %s", [progress_id])

    def fail_in(self, job, error):
        """Runs ``job`` until it raises ``error``."""
        try:
            with job:
                job.update(advance=1)
                raise error
        except type(error) as raised:
            self.assertIs(raised, error)
        else:
            self.fail("the job did not fail")

    def test_figures_are_seen_before_the_job_commits(self):
        """A job's own transaction stays open for minutes: its figures are written in a
        short transaction of their own, which others read at once."""
        seen = {}
        # As in a worker: real transactions (the job's, and its reports' own).
        self.patch(threading.current_thread(), "testing", False)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Made by the job"})
            Progress = env["sales.panel.progress"]
            with Progress._sales_panel_job("Export", total=10, unit="rows", interval=0) as reporter:
                reporter.update(done=4)
                seen["id"] = reporter.progress_id
                self.addCleanup(self.forget, reporter.progress_id)
                with self.registry.cursor() as other:
                    other.execute("SELECT state, done, total, unit FROM sales_panel_progress WHERE id = %s",
                                  [reporter.progress_id])
                    seen["progress"] = other.fetchone()
                    other.execute("SELECT count(*) FROM res_partner WHERE id = %s", [partner.id])
                    seen["partner"] = other.fetchone()[0]
            cr.rollback()  # the job's own work is undone; its figures stay
        with self.registry.cursor() as other:
            other.execute("SELECT state, done FROM sales_panel_progress WHERE id = %s", [seen["id"]])
            seen["end"] = other.fetchone()
        self.assertEqual(seen["progress"], ("running", 4, 10, "rows"))
        self.assertEqual(seen["partner"], 0, "the job's own transaction is not committed")
        self.assertEqual(seen["end"], ("done", 4))

    def test_short_job_leaves_nothing_and_failures_are_kept(self):
        Progress = self.env["sales.panel.progress"]
        before = Progress.search_count([])
        with Progress._sales_panel_job("Quick", total=3) as job:
            job.update(advance=3)
        self.assertEqual(Progress.search_count([]), before, "a job shorter than a report leaves nothing")

        # (Not assertRaises: it rolls back what the block wrote, and a failed job keeps its end.)
        job = Progress.with_user(self.manager)._sales_panel_job("Slow", self.company_a1, total=3, interval=0)
        self.fail_in(job, UserError("The file cannot be made: no contacts."))
        failed = Progress.browse(job.progress_id)
        self.assertEqual((failed.state, failed.done, failed.user_id), ("failed", 1, self.manager))
        self.assertEqual(failed.message, "The file cannot be made: no contacts.")
        self.assertEqual((failed.res_model, failed.res_id), ("res.partner", self.company_a1.id))

        job = Progress._sales_panel_job("Broken", interval=0)
        self.fail_in(job, ZeroDivisionError("password=s3cret at db.example.com"))
        self.assertNotIn("s3cret", Progress.browse(job.progress_id).message, "only a user error's text is shown")

    def test_who_sees_and_stops_a_job(self):
        Progress = self.env["sales.panel.progress"]
        own = Progress.with_user(self.agent_a1)._sales_panel_queue("Export", self.company_a1, stoppable=True)
        other = Progress.with_user(self.agent_b1)._sales_panel_queue("Export", self.company_b1)
        self.assertEqual(Progress.with_user(self.agent_a1).search([("id", "in", (own | other).ids)]), own)
        self.assertEqual(Progress.with_user(self.manager).search([("id", "in", (own | other).ids)]), own | other)
        self.assertFalse(Progress.with_user(self.sup_a).search([("id", "in", (own | other).ids)]))
        self.assertEqual(Progress.with_user(self.agent_a1).sales_panel_progress_of(
            "res.partner", self.company_a1.id)["id"], own.id)
        self.assertFalse(Progress.with_user(self.agent_a1).sales_panel_progress_of("res.partner", self.company_b1.id))
        self.assertFalse(Progress.with_user(self.agent_a1).sales_panel_progress_of("no.such.model", 1))

        with self.assertRaises(AccessError):
            own.with_user(self.agent_b1).action_stop()
        with self.assertRaises(UserError):
            other.with_user(self.manager).action_stop()  # this job cannot stop
        own.with_user(self.agent_a1).action_stop()
        self.assertEqual((own.state, own.stop_requested), ("stopped", True), "stopped before it started")
        with self.assertRaises(AccessError):
            own.with_user(self.agent_a1).write({"done": 5})

        running = Progress._sales_panel_job("Import", self.company_a1, stoppable=True, interval=0,
                                            user=self.agent_a1)
        with running:
            running.update(advance=1)
            self.assertFalse(running.should_stop())
            Progress.browse(running.progress_id).with_user(self.manager).action_stop()
            self.assertTrue(running.should_stop())
        self.assertEqual(Progress.browse(running.progress_id).state, "stopped")

    def test_forms_subscribe_to_their_record_as_managers(self):
        Websocket = self.env["ir.websocket"]
        channel = f"sales_panel_progress:res.partner:{self.company_a1.id}"
        self.assertEqual(Websocket.with_user(self.manager)._sales_panel_progress_record(channel), self.company_a1)
        self.assertIsNone(Websocket.with_user(self.agent_a1)._sales_panel_progress_record(channel),
                          "an agent gets the figures of their own jobs on their own channel only")
        self.assertIsNone(Websocket.with_user(self.manager)._sales_panel_progress_record(
            "sales_panel_progress:res.partner:abc"))
        self.assertIsNone(Websocket.with_user(self.manager)._sales_panel_progress_record(
            "sales_panel_progress:no.model:1"))
