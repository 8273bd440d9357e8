"""The sync of CDR rows written by a real Asterisk 20 (``fixtures/asterisk``) equals what
really happened in each call (``fixtures/asterisk/truth.json``), call by call, from each
place Asterisk writes them: Master.csv (newcdrcolumns on and off), a cdr_pgsql table, the
FreePBX table cdr_adaptive_odbc fills in MariaDB, and an older table without linkedid,
sequence, did or recordingfile."""

import csv
import datetime
import json
import os
import shutil
import tempfile

from odoo.modules.migration import load_script
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import config

from .mariadb import OLD_CDR_TABLE, MariaDB
from .test_cdr_pgsql import CDR_PGSQL

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "asterisk")


def fixture_rows(name):
    with open(os.path.join(FIXTURES, name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@tagged("post_install", "-at_install")
class TestAsteriskTruth(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(os.path.join(FIXTURES, "truth.json"), encoding="utf-8") as fh:
            cls.truth = json.load(fh)
        extensions = cls.truth["agents"]
        # The demo users own some of these extensions: hand them to the test agents.
        cls.env["res.users"].search([("pbx_extension", "in", extensions)]).pbx_extension = False
        cls.env.flush_all()
        cls.agents = {}
        for extension in extensions:
            user = new_test_user(cls.env, login=f"truth_{extension}", groups="crm_sales_base.group_agent")
            user.pbx_extension = extension
            cls.agents[extension] = user
        cls.tmp = tempfile.mkdtemp(prefix="sp-asterisk-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)

    def _source(self, **values):
        return self.env["crm.cdr.source"].create({
            "name": values.get("kind", "csv"), "pbx_timezone": "UTC", "lookback_minutes": 1,
            "recording_mode": "none", **values,
        })

    def assert_truth(self, source, recordings=False):
        """Every call of truth.json is one crm.call of the source, as it happened."""
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        by_number = {call.number_raw: call for call in calls}
        self.assertEqual(sorted(by_number), sorted(t["number"] for t in self.truth["calls"]),
                         "one call per call made, none split, none lost")
        self.assertEqual(len(calls), len(self.truth["calls"]))
        for truth in self.truth["calls"]:
            call = by_number[truth["number"]]
            with self.subTest(scenario=truth["scenario"]):
                self.assertEqual(call.direction, truth["direction"])
                self.assertEqual(call.disposition, truth["disposition"])
                self.assertEqual(call.is_answered, truth["answered"])
                extension = call.user_id.pbx_extension
                if truth["answered"] or not truth["agents_rung"]:
                    self.assertEqual(extension, truth["agent"])
                else:
                    self.assertIn(extension, truth["agents_rung"])
                talk = sum(truth["talk"].values())
                slack = truth.get("talk_tolerance", 1) * max(1, len(truth["talk"]))
                self.assertLessEqual(abs(call.talk_seconds - talk), slack, call.talk_seconds)
                self.assertLessEqual(abs(call.ring_seconds - truth["ring_seconds"]), truth["ring_tolerance"],
                                     call.ring_seconds)
                if recordings:
                    self.assertEqual(bool(call.recording_file), truth.get("recorded", False))
        again = source._sync()
        self.assertEqual((again.calls_created, again.calls_updated), (0, 0), "each row once")
        return calls

    # Master.csv ----------------------------------------------------------------------

    def _csv_source(self, name, **values):
        path = os.path.join(self.tmp, name)
        shutil.copyfile(os.path.join(FIXTURES, name), path)
        return self._source(kind="csv", csv_path=path, **values), path

    def test_master_csv_with_newcdrcolumns(self):
        source, _path = self._csv_source("master_newcdrcolumns.csv", batch_size=5)
        log = source._sync()
        self.assertFalse(log.errors)
        self.assertFalse(log.rows_skipped, log.skip_reasons)
        self.assert_truth(source)

    def test_master_csv_without_newcdrcolumns(self):
        """No linkedid: the rows of a call are joined through their channels (also across
        batches of 4 rows); no sequence: the rows of one uniqueid (ring group, transfer) are
        all kept."""
        source, path = self._csv_source("master_classic.csv", batch_size=4)
        log = source._sync()
        self.assertFalse(log.errors)
        with open(path, encoding="utf-8") as fh:
            rows = sum(1 for _line in fh)
        self.assertEqual((log.rows_read, log.rows_skipped), (rows, 0))
        calls = self.assert_truth(source)
        self.assertEqual(len(calls.leg_ids), rows, "no row lost")

    def test_master_csv_rotated_is_read_again_without_duplicates(self):
        source, path = self._csv_source("master_newcdrcolumns.csv")
        source._sync()
        # logrotate: the file moved away, a new one (another inode) holds the next rows and,
        # as copytruncate can, some rows read already
        with open(path, encoding="utf-8") as fh:
            lines = fh.readlines()
        os.rename(path, path + ".1")
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(lines[-3:])
        log = source._sync()
        self.assertEqual(log.rows_read, 3)
        self.assertEqual((log.calls_created, log.calls_updated), (0, 0))
        self.assertEqual(source.cursor_offset, sum(len(line.encode()) for line in lines[-3:]))
        self.assert_truth(source)

    # PostgreSQL (cdr_pgsql) ----------------------------------------------------------

    @classmethod
    def _sql(cls, statement, params=None):
        with db_connect(cls.env.cr.dbname).cursor() as cr:
            cr.execute(statement, params)

    def test_cdr_pgsql(self):
        self._sql("DROP SCHEMA IF EXISTS sp_truth CASCADE; CREATE SCHEMA sp_truth;"
                  + CDR_PGSQL.format(schema="sp_truth"))
        self.addCleanup(self._sql, "DROP SCHEMA IF EXISTS sp_truth CASCADE")
        rows = fixture_rows("cdr_pgsql.csv")
        columns = list(rows[0])
        for row in rows:
            self._sql(f"INSERT INTO sp_truth.cdr ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                      [row[c] for c in columns])
        source = self._source(
            kind="pgsql", host=config["db_host"] or False, port=int(config["db_port"] or 5432),
            database=self.env.cr.dbname, login=config["db_user"] or False,
            password=config["db_password"] or False, table="sp_truth.cdr", batch_size=5)
        log = source._sync()
        self.assertFalse(log.errors)
        self.assertEqual((log.rows_read, log.rows_skipped), (len(rows), 0))
        self.assert_truth(source)

    # MariaDB (FreePBX's asteriskcdrdb.cdr, filled by cdr_adaptive_odbc) ---------------

    @classmethod
    def _mariadb(cls):
        if not hasattr(cls, "db"):
            cls.db = MariaDB().start()
            cls.addClassCleanup(cls.db.stop)
        return cls.db

    def _mysql_source(self, table, **values):
        db = self._mariadb()
        return self._source(kind="mysql", host="127.0.0.1", port=db.port, database="asteriskcdrdb",
                            login="freepbx", password="secret", table=table, **values)

    def test_freepbx_table_and_a_call_longer_than_the_lookback(self):
        """Rows are written when a call ends: the long call's row comes after the outgoing
        call that started 70 s into it. With a one-minute lookback the regular run misses
        it; the wider re-read stores it, once."""
        db = self._mariadb()
        rows = fixture_rows("freepbx_cdr.csv")
        self.addCleanup(db.execute, "DELETE FROM cdr")

        def written(row):
            return datetime.datetime.fromisoformat(row["calldate"]) + datetime.timedelta(
                seconds=int(row["duration"]))

        long_call = next(row for row in rows if row["src"] == "09120002011")
        outgoing = next(row for row in rows if row["dst"] == "09351112233")
        before = [row for row in rows if written(row) <= written(outgoing)]
        self.assertNotIn(long_call, before)
        db.insert(before)
        source = self._mysql_source("cdr", batch_size=5)
        source._sync()
        db.insert([row for row in rows if row not in before])
        source._sync()
        numbers = set(self.env["crm.call"].search([("source_id", "=", source.id)]).mapped("number_raw"))
        self.assertNotIn("09120002011", numbers, "outside the lookback of the regular run")
        source.lookback_minutes = 24 * 60  # a wider re-read, as the nightly one
        log = source._sync()
        self.assertEqual(log.calls_created, 1)
        self.assert_truth(source, recordings=True)

    def _older_table(self, name):
        """The FreePBX fixture's rows in an older table (no linkedid, sequence, did,
        recordingfile), as old FreePBX/Issabel PBXs have it."""
        db = self._mariadb()
        db.execute(OLD_CDR_TABLE.format(name=name))
        self.addCleanup(db.execute, f"DROP TABLE {name}")
        names = {"calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp",
                 "lastdata", "duration", "billsec", "disposition", "amaflags", "accountcode",
                 "uniqueid", "userfield"}
        rows = [{k: v for k, v in row.items() if k in names} for row in fixture_rows("freepbx_cdr.csv")]
        db.insert(rows, table=name)
        return rows

    def test_older_table_without_linkedid_sequence_did_recordingfile(self):
        rows = self._older_table("cdr_old")
        source = self._mysql_source("cdr_old", batch_size=5)
        log = source._sync()
        self.assertFalse(log.errors)
        self.assertEqual((log.rows_read, log.rows_skipped), (len(rows), 0))
        calls = self.assert_truth(source)
        self.assertEqual(len(calls.leg_ids), len(rows), "rows of one uniqueid all kept")

    def test_upgrade_keeps_legs_stored_with_sequence_zero(self):
        """Before 18.0.1.1.0 the rows of a table without ``sequence`` were stored with
        sequence 0, one leg per uniqueid, without lastdata; they now get a sequence from
        their content. The upgrade gives the stored legs theirs: the re-read after it (the
        first lookback, the nightly one) adds the rows lost before and duplicates none."""
        rows = self._older_table("cdr_up")
        source = self._mysql_source("cdr_up", batch_size=5, lookback_minutes=24 * 60)
        source._sync()
        legs = self.env["crm.call.leg"].search([("source_id", "=", source.id)])
        self.assertEqual(len(legs), len(rows))
        # As the version before stored them: sequence 0, no lastdata, the other rows of a
        # uniqueid lost.
        first = {}
        for leg in legs.sorted("id"):
            first.setdefault(leg.uniqueid, leg)
        kept = self.env["crm.call.leg"].concat(*first.values())
        (legs - kept).unlink()
        kept.write({"sequence": 0, "lastdata": False})
        self.assertLess(len(kept), len(rows), "the fixture has rows sharing a uniqueid")
        self.env.flush_all()
        migration = load_script(os.path.join(
            os.path.dirname(os.path.dirname(__file__)), "migrations", "18.0.1.1.0", "post-migrate.py"),
            "crm_voip_bridge_post_migrate_1_1_0")
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertFalse(kept.filtered(lambda leg: leg.sequence == 0))
        log = source._sync()
        self.assertFalse(log.errors)
        legs = self.env["crm.call.leg"].search([("source_id", "=", source.id)])
        self.assertEqual(len(legs), len(rows), "each row once: none stored again")
        self.assertEqual(legs & kept, kept)
        self.assert_truth(source)
