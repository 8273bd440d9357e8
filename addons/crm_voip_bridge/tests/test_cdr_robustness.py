"""A CDR source that fails, stalls, gets rows late or piles up runs (issue 14, "Robustness")."""

import datetime

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models.crm_cdr_source import RUN_LOCK
from .common import FreePbxCase
from .test_cdr_sync import SCENARIOS, cdr

SECRET = "s3cr3t-Pw"


@tagged("post_install", "-at_install")
class TestCdrRobustness(FreePbxCase):
    ROWS = SCENARIOS

    def calls(self, source):
        return self.env["crm.call"].search([("source_id", "=", source.id)])

    def test_timezone_is_checked_when_saved(self):
        # The message names the value and the database to take one from (in any language).
        with self.assertRaisesRegex(ValidationError, "Mars/Olympus.*IANA"):
            self.source.pbx_timezone = "Mars/Olympus"
        with self.assertRaises(ValidationError):
            self.env["crm.cdr.source"].create(dict(self.source_values, name="x", pbx_timezone="Tehran"))
        self.source.pbx_timezone = "Europe/Berlin"
        self.assertEqual(self.source.pbx_timezone, "Europe/Berlin")

    @mute_logger("odoo.addons.crm_voip_bridge.models.crm_cdr_source")
    def test_broken_sources_never_stop_the_next_one(self):
        """Refused connection, missing table, a timezone written past the constraint (SQL):
        each run fails alone, closed with its error, and the source after them syncs."""
        Source = self.env["crm.cdr.source"]
        self.source.active = False
        refused = Source.create(dict(self.source_values, name="refused", port=1))
        no_table = Source.create(dict(self.source_values, name="no table", table="nocdr"))
        bad_zone = Source.create(dict(self.source_values, name="bad zone"))
        self.env.flush_all()
        self.env.cr.execute(SQL("UPDATE crm_cdr_source SET pbx_timezone = 'Mars/Olympus' WHERE id = %s",
                                bad_zone.id))
        self.env.invalidate_all()
        good = Source.create(dict(self.source_values, name="good"))
        Source._cron_sync()
        for source, message in ((refused, "Can't connect"), (no_table, "nocdr.*(doesn't|does not) exist"),
                                (bad_zone, "Mars/Olympus.*IANA")):
            log = source.log_ids
            self.assertEqual(len(log), 1, source.name)
            self.assertEqual(log.state, "failed", source.name)
            self.assertRegex(log.errors, message)
            self.assertTrue(log.end_date, "the run is closed")
            self.assertRegex(source.last_error, message)
            self.assertFalse(source.last_success_date)
            self.assertFalse(self.calls(source))
        self.assertEqual((good.log_ids.state, good.log_ids.errors), ("done", False))
        self.assertEqual(len(self.calls(good)), 8)
        self.assertTrue(good.last_success_date)

    @mute_logger("odoo.addons.crm_voip_bridge.models.crm_cdr_source")
    def test_errors_keep_no_secret(self):
        """An administrator pasted a DSN into the host: the driver's message repeats it."""
        source = self.source.copy({
            "name": "pasted DSN", "host": f"mysql://freepbx:{SECRET}@127.0.0.1", "password": SECRET})
        log = source._sync()
        self.assertIn("Can't connect", log.errors)
        self.assertNotIn(SECRET, log.errors)
        self.assertNotIn(SECRET, source.last_error)
        with self.assertRaises(UserError) as caught:
            source.action_test_connection()
        self.assertIn("Can't connect", str(caught.exception))
        self.assertNotIn(SECRET, str(caught.exception))
        self.assertIsNone(caught.exception.__cause__)
        self.assertTrue(caught.exception.__suppress_context__, "no unredacted text in the traceback")

    def test_stalled_source_is_visible(self):
        Source = self.env["crm.cdr.source"]
        stalled = [("is_stalled", "=", True)]
        long_ago = fields.Datetime.now() - datetime.timedelta(hours=2)
        self.source.write({"last_success_date": long_ago, "stalled_minutes": 30})
        self.assertTrue(self.source.is_stalled)
        self.assertIn(self.source, Source.search(stalled))
        self.assertNotIn(self.source, Source.search([("is_stalled", "=", False)]))
        self.source.stalled_minutes = 180
        self.assertFalse(self.source.is_stalled, "within its threshold")
        self.source.stalled_minutes = 30
        self.source._sync()
        self.assertAlmostEqual(self.source.last_success_date, fields.Datetime.now(),
                               delta=datetime.timedelta(minutes=1))
        self.assertFalse(self.source.is_stalled)
        self.assertNotIn(self.source, Source.search(stalled))
        self.assertIn(self.source, Source.search([("is_stalled", "!=", True)]))
        self.source.write({"last_success_date": long_ago, "stalled_minutes": 0})
        self.assertFalse(self.source.is_stalled, "0: never stalled")

    def test_rows_later_than_the_lookback_come_with_the_nightly_reread(self):
        self.source._sync()
        legs = self.calls(self.source).leg_ids
        # A call of 05:00 (Tehran) whose row the PBX wrote only now: 5 hours before the
        # cursor (10:05), beyond the 3 hours of lookback.
        self.addCleanup(self.db.execute, "DELETE FROM cdr WHERE uniqueid = 'late.1'")
        self.db.insert([cdr("late.1", -4 * 3600, src="09130000000")])
        regular = self.source._sync()
        self.assertEqual(regular.calls_created, 0, "the regular run does not reach it")
        self.assertFalse(self.calls(self.source).filtered(lambda c: c.linkedid == "late.1"))
        self.env["crm.cdr.source"]._cron_reconcile()
        reread = self.source.log_ids[0]
        self.assertEqual((reread.kind, reread.state), ("reconcile", "done"))
        self.assertEqual(reread.calls_created, 1)
        late = self.calls(self.source).filtered(lambda c: c.linkedid == "late.1")
        self.assertEqual(late.start_date, datetime.datetime(2026, 11, 22, 1, 30), "05:00 in Tehran")
        self.env["crm.cdr.source"]._cron_reconcile()
        again = self.source.log_ids[0]
        self.assertNotEqual(again, reread)
        self.assertGreater(again.rows_read, len(SCENARIOS), "the window was read again")
        self.assertEqual((again.calls_created, again.calls_updated), (0, 0), "exactly once")
        self.assertEqual(len(self.calls(self.source).leg_ids), len(legs) + 1)
        self.source.reconcile_days = 0
        self.env["crm.cdr.source"]._cron_reconcile()
        self.assertEqual(self.source.log_ids[0], again, "0 days: no nightly re-read")

    def test_sync_runs_are_pruned(self):
        Log = self.env["crm.cdr.sync.log"]
        now = fields.Datetime.now()
        old, recent = (Log.create({"source_id": self.source.id, "state": "done",
                                   "start_date": now - datetime.timedelta(days=days)})
                       for days in (40, 20))
        self.env.company.sales_panel_cdr_log_days = 0
        Log._cron_prune()
        self.assertTrue(old.exists(), "0: kept forever")
        self.env.company.sales_panel_cdr_log_days = 30
        self.source.active = False  # an archived source's runs go too
        Log._cron_prune()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_a_second_run_of_a_source_waits_its_turn(self):
        """The nightly re-read, the cron and "Sync now" may overlap: the second run of a
        source leaves it to the first (it would store the same rows)."""
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", RUN_LOCK, self.source.id))
            self.assertFalse(self.source._sync())
            self.assertFalse(self.source.log_ids)
        self.assertEqual(self.source._sync().state, "done")
