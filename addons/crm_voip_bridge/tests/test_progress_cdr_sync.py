"""CDR syncs in the background (issue 22): "Sync now" and history imports trigger the sync
cron and return; the form follows the run's progress; a history import is limited to its
days, stopped and resumed where it stopped."""

import datetime
import json
import time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from ..models.crm_cdr_source import RUN_LOCK
from .common import FreePbxCase
from .mariadb import MariaDB
from .test_cdr_sync import cdr

BIG = 200_000
CALL_FIELDS = ["linkedid", "direction", "disposition", "talk_seconds", "start_date", "number_e164", "user_id"]


def big_table(db, rows=BIG):
    """``rows`` CDR rows, a call of two legs (answered by 101, transferred to 102) every
    second from 2025-01-01, inserted 20 000 at a time."""
    start = datetime.datetime(2025, 1, 1, 8, 0)
    chunk = []
    for i in range(rows // 2):
        calldate = start + datetime.timedelta(seconds=i)
        linkedid = f"{1700000000 + i}.1"
        number = f"0912{i % 10_000_000:07d}"
        chunk.append(cdr(linkedid, calldate=calldate, src=number, billsec=30 + i % 50, duration=40 + i % 50))
        chunk.append(cdr(f"{1700000000 + i}.2", calldate=calldate, linkedid=linkedid, src=number, dst="102",
                         dstchannel="PJSIP/102-0002", sequence=2, billsec=i % 90, duration=i % 90 + 5))
        if len(chunk) >= 20_000:
            db.insert(chunk)
            chunk = []
    if chunk:
        db.insert(chunk)


@tagged("post_install", "-at_install")
class TestSyncNowInTheBackground(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = MariaDB().start()
        cls.addClassCleanup(cls.db.stop)
        big_table(cls.db)
        cls.manager = new_test_user(cls.env, login="bg_manager", groups="crm_sales_base.group_manager")
        values = {"kind": "mysql", "host": "127.0.0.1", "port": cls.db.port, "database": "asteriskcdrdb",
                  "login": "freepbx", "password": "secret", "batch_size": 5000}
        Source = cls.env["crm.cdr.source"]
        cls.source = Source.create(dict(values, name="Years of calls"))
        # The synchronous run the background one is compared with: archived, so that the
        # cron leaves it alone.
        cls.reference = Source.create(dict(values, name="Reference", active=False))
        cls.cron = cls.env.ref("crm_voip_bridge.ir_cron_cdr_sync")

    def press(self, method="action_sync", source=None):
        self.authenticate(self.manager.login, self.manager.login)
        # The form is open: the server has answered this session before (routing map, ...).
        self.make_jsonrpc_request("/web/dataset/call_kw/sales.panel.progress/sales_panel_progress_of", {
            "model": "sales.panel.progress", "method": "sales_panel_progress_of",
            "args": [self.source._name, self.source.id], "kwargs": {}})
        started = time.monotonic()
        result = self.make_jsonrpc_request(f"/web/dataset/call_kw/crm.cdr.source/{method}", {
            "model": "crm.cdr.source", "method": method, "args": [(source or self.source).ids], "kwargs": {}})
        return result, time.monotonic() - started

    def triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])

    def progress_reports(self, source):
        """The figures sent over the bus to the managers watching the source's form."""
        channel = json.dumps([self.env.cr.dbname, source._name, source.id, "sales_panel_progress"],
                             separators=(",", ":"))
        reports = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        return [json.loads(report.message)["payload"] for report in reports]

    def calls(self, source):
        calls = self.env["crm.call"].search_read([("source_id", "=", source.id)], CALL_FIELDS, order="linkedid")
        for call in calls:
            del call["id"]
        return calls

    def test_sync_now_returns_at_once_and_reports_progress(self):
        triggers = self.triggers()
        result, seconds = self.press()
        self.assertLess(seconds, 1.0, "Sync now waited for the sync")
        self.assertEqual(result["params"]["type"], "info")
        self.assertEqual(self.triggers(), triggers + 1, "the sync cron is triggered")
        self.env.invalidate_all()
        self.assertFalse(self.source.log_ids, "nothing was read in the request")
        progress = self.source.sync_progress_id
        self.assertEqual((progress.state, progress.user_id), ("queued", self.manager))
        self.assertEqual(self.env["sales.panel.progress"].with_user(self.manager).sales_panel_progress_of(
            "crm.cdr.source", self.source.id)["state"], "queued", "the form's bar shows the run waiting")

        # A second press while the run waits for the scheduler starts nothing.
        result, _seconds = self.press()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(self.triggers(), triggers + 1)
        self.assertEqual(self.env["sales.panel.progress"].search_count(
            [("res_model", "=", "crm.cdr.source"), ("res_id", "=", self.source.id)]), 1)

        # The scheduler runs the cron.
        self.cron.method_direct_trigger()
        self.env.invalidate_all()
        log = self.source.log_ids
        self.assertEqual((log.state, log.rows_read, log.rows_total), ("done", BIG, BIG))
        self.assertGreater(log.rows_per_second, 0)
        self.assertEqual((progress.state, progress.done, progress.total), ("done", BIG, BIG))
        reports = self.progress_reports(self.source)
        done = [report["done"] for report in reports if report["state"] == "running"]
        self.assertGreaterEqual(len(set(done)), 3, f"the run reported as it went: {done}")
        self.assertEqual(done, sorted(done), "progress only grows")
        self.assertTrue(any(report["rate"] > 0 and report["time_left"] > 0 for report in reports))
        self.assertEqual(reports[-1]["state"], "done")

        # The same calls as a synchronous run of the same table.
        self.reference._sync()
        self.assertEqual(len(self.calls(self.source)), BIG // 2)
        self.assertEqual(self.calls(self.source), self.calls(self.reference))

    def test_a_run_the_scheduler_never_took_is_asked_again(self):
        self.press()
        progress = self.source.sync_progress_id
        self.env.cr.execute("UPDATE sales_panel_progress SET create_date = now() - interval '1 hour' WHERE id = %s",
                            [progress.id])
        self.env.invalidate_all()
        triggers = self.triggers()
        result, _seconds = self.press()
        self.assertEqual(result["params"]["type"], "info")
        self.assertEqual(self.triggers(), triggers + 1)
        self.env.invalidate_all()
        self.assertEqual(progress.state, "failed")
        self.assertNotEqual(self.source.sync_progress_id, progress)

    def test_second_press_while_a_run_is_under_way(self):
        """The cron (or the nightly re-read) is reading the source: a press starts nothing."""
        triggers = self.triggers()
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", RUN_LOCK, self.source.id))
            result, seconds = self.press()
        self.assertLess(seconds, 1.0)
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(self.triggers(), triggers)
        self.env.invalidate_all()
        self.assertFalse(self.source.sync_progress_id)


@tagged("post_install", "-at_install")
class TestHistoryImport(FreePbxCase):
    # Ten calls a day (PBX time) from 1 to 10 November 2026.
    ROWS = [cdr(f"h{day:02d}.{n}", calldate=datetime.datetime(2026, 11, day, 9 + n), src=f"0912000{day:02d}{n:02d}")
            for day in range(1, 11) for n in range(10)]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="history_manager", groups="crm_sales_base.group_manager")
        cls.agent = new_test_user(cls.env, login="history_agent", groups="crm_sales_base.group_agent")

    def days(self):
        calls = self.env["crm.call"].search([("source_id", "=", self.source.id)])
        return sorted({int(linkedid[1:3]) for linkedid in calls.mapped("linkedid")}), len(calls)

    def test_history_limited_stopped_and_resumed(self):
        source = self.source.with_user(self.manager)
        self.source.write({"backfill_date_from": "2026-11-03", "backfill_date_to": "2026-11-07"})
        # The regular sync of a source never synced starts where its history ends.
        self.source._sync()
        self.assertEqual(self.days(), ([8, 9, 10], 30))

        cron = self.env.ref("crm_voip_bridge.ir_cron_cdr_sync")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        source.action_backfill()
        self.assertEqual(self.source.backfill_state, "queued")
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        progress = self.source.backfill_progress_id
        self.assertEqual((progress.state, progress.stoppable, progress.user_id), ("queued", True, self.manager))
        source.action_backfill()
        self.assertEqual(self.source.backfill_progress_id, progress, "a second press starts nothing")

        # The scheduler's slice ends after a batch (its deadline passed): the import goes on.
        first = self.source._sync(kind="backfill", deadline=0)
        self.assertEqual((first.kind, first.state, first.rows_read), ("backfill", "done", 4))
        self.assertEqual((self.source.backfill_state, progress.state), ("running", "running"))
        self.assertEqual(progress.total, 50, "the history's rows")

        # Its starter stops it (an agent may not); the next cron call ends it there.
        self.assertRaises(AccessError, progress.with_user(self.agent).action_stop)
        progress.with_user(self.manager).action_stop()
        self.env["crm.cdr.source"]._cron_sync()
        stopped = self.source.log_ids[0]
        self.assertEqual((stopped.kind, stopped.state, stopped.rows_read), ("backfill", "stopped", 0))
        self.assertEqual((self.source.backfill_state, progress.state), ("stopped", "stopped"))
        self.assertEqual(self.days(), ([3, 8, 9, 10], 34))
        cursor = self.source.backfill_cursor

        # Pressed again: it resumes where it stopped, not from the history's start.
        source.action_backfill()
        self.assertEqual(self.source.backfill_cursor, cursor)
        self.env["crm.cdr.source"]._cron_sync()
        resumed = self.source.log_ids[0]
        self.assertEqual((resumed.kind, resumed.state), ("backfill", "done"))
        self.assertLess(resumed.rows_read, 50)
        self.assertEqual(resumed.rows_read, 50 - 4 + 1, "from the cursor's second on")
        self.assertEqual(self.source.backfill_state, "done")
        self.assertEqual(self.days(), ([3, 4, 5, 6, 7, 8, 9, 10], 80), "each call once, days 1-2 never")
        self.assertEqual(self.source.backfill_progress_id.state, "done")
        # The regular sync's cursor was left alone by the history.
        self.assertEqual(self.source.cursor_date, datetime.datetime(2026, 11, 10, 14, 30))

    def test_history_days_are_checked(self):
        with self.assertRaises(ValidationError):
            self.source.write({"backfill_date_from": "2026-11-07", "backfill_date_to": "2026-11-03"})
        with self.assertRaises(UserError):
            self.source.with_user(self.manager).action_backfill()  # no first day
        with self.assertRaises(AccessError):
            self.source.with_user(self.agent).action_backfill()
