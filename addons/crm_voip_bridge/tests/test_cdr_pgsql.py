import datetime

from odoo.exceptions import ValidationError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

from .common import agents_with_extensions
from .test_cdr_sync import SCENARIOS

# Asterisk's cdr_pgsql table (contrib/scripts/cdr_pgsql.sql): calldate with time zone.
CDR_PGSQL = """
CREATE TABLE {schema}.cdr (
  calldate timestamp with time zone NOT NULL DEFAULT now(),
  clid varchar(80) NOT NULL DEFAULT '', src varchar(80) NOT NULL DEFAULT '',
  dst varchar(80) NOT NULL DEFAULT '', dcontext varchar(80) NOT NULL DEFAULT '',
  channel varchar(80) NOT NULL DEFAULT '', dstchannel varchar(80) NOT NULL DEFAULT '',
  lastapp varchar(80) NOT NULL DEFAULT '', lastdata varchar(80) NOT NULL DEFAULT '',
  duration bigint NOT NULL DEFAULT 0, billsec bigint NOT NULL DEFAULT 0,
  disposition varchar(45) NOT NULL DEFAULT '', amaflags bigint NOT NULL DEFAULT 0,
  accountcode varchar(20) NOT NULL DEFAULT '', uniqueid varchar(150) NOT NULL DEFAULT '',
  userfield varchar(255) NOT NULL DEFAULT '', linkedid varchar(150) NOT NULL DEFAULT '',
  sequence integer NOT NULL DEFAULT 0, peeraccount varchar(20) NOT NULL DEFAULT ''
)"""
# A cdr_adaptive_odbc table as sites map it: start (local time) and no sequence column.
CDR_ODBC = """
CREATE TABLE {schema}.cdr (
  start timestamp NOT NULL, clid text, src text, dst text, channel text, dstchannel text,
  lastapp text, duration integer, billsec integer, disposition text, uniqueid text,
  linkedid text, did text, recordingfile text
)"""
TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
INSERT_PGSQL = ("INSERT INTO {table} (calldate, clid, src, dst, channel, dstchannel, lastapp, "
                "duration, billsec, disposition, uniqueid, linkedid, sequence) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")


def pgsql_values(row):
    """A scenario row as cdr_pgsql stores it (calldate with the PBX's time zone)."""
    return (row["calldate"].replace(tzinfo=TEHRAN), row["clid"], row["src"], row["dst"],
            row["channel"], row["dstchannel"], row["lastapp"], row["duration"], row["billsec"],
            row["disposition"], row["uniqueid"], row["linkedid"], row["sequence"])


@tagged("post_install", "-at_install")
class TestPostgresCdr(TransactionCase):
    """A PostgreSQL CDR database as Asterisk's cdr_pgsql and cdr_adaptive_odbc write it: real
    tables on the PostgreSQL server the tests run on, read over a connection of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = cls.env.cr.dbname
        agents_with_extensions(cls.env, "101", "102")
        cls._sql("DROP SCHEMA IF EXISTS sp_cdr_pgsql, sp_cdr_odbc CASCADE;"
                 "CREATE SCHEMA sp_cdr_pgsql; CREATE SCHEMA sp_cdr_odbc;"
                 + CDR_PGSQL.format(schema="sp_cdr_pgsql") + ";"
                 + CDR_ODBC.format(schema="sp_cdr_odbc"))
        cls.addClassCleanup(cls._sql, "DROP SCHEMA IF EXISTS sp_cdr_pgsql, sp_cdr_odbc CASCADE")
        rows = [row for row in SCENARIOS if isinstance(row["clid"], str)]
        for row in rows:
            cls._sql(INSERT_PGSQL.format(table="sp_cdr_pgsql.cdr"), pgsql_values(row))
            cls._sql(
                "INSERT INTO sp_cdr_odbc.cdr (start, clid, src, dst, channel, dstchannel, lastapp, "
                "duration, billsec, disposition, uniqueid, linkedid, did, recordingfile) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (row["calldate"], row["clid"], row["src"], row["dst"], row["channel"],
                 row["dstchannel"], row["lastapp"], row["duration"], row["billsec"],
                 row["disposition"], row["uniqueid"] + "-" + str(row["sequence"]),
                 row["linkedid"], row["did"], row.get("recordingfile", "")))
        cls.rows = rows

    @classmethod
    def _sql(cls, statement, params=None):
        with db_connect(cls.dbname).cursor() as cr:
            cr.execute(statement, params)

    def _source(self, table, **values):
        return self.env["crm.cdr.source"].create({
            "name": table, "kind": "pgsql", "host": config["db_host"] or False,
            "port": int(config["db_port"] or 5432), "database": self.dbname,
            "login": config["db_user"] or False, "password": config["db_password"] or False,
            "table": table, "batch_size": 3, **values,
        })

    def test_cdr_pgsql_with_time_zone(self):
        source = self._source("sp_cdr_pgsql.cdr")
        message = source.action_test_connection()["params"]["message"]
        self.assertIn(str(len(self.rows)), message.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
        log = source._sync()
        self.assertFalse(log.errors)
        self.assertEqual(log.rows_read, len(self.rows))
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        transferred = calls.filtered(lambda c: c.linkedid == "100.1")
        # 09:00 in Tehran is 05:30 UTC, whatever the server's own time zone.
        self.assertEqual(transferred.start_date, datetime.datetime(2026, 11, 22, 5, 30))
        self.assertEqual(transferred.talk_seconds, 150)
        again = source._sync()
        self.assertEqual((again.calls_created, again.calls_updated), (0, 0))

    def test_adaptive_odbc_layout(self):
        source = self._source("sp_cdr_odbc.cdr")
        log = source._sync()
        self.assertFalse(log.errors)
        self.assertEqual(log.rows_read, len(self.rows))
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        self.assertEqual(len(calls), len({row["linkedid"] for row in self.rows}) - 2,
                         "the rows with absurd durations or a future date are skipped")
        recorded = calls.filtered("recording_file")
        self.assertEqual(recorded.direction, "outgoing")
        self.assertEqual(recorded.start_date, datetime.datetime(2026, 11, 22, 6, 20))

    def test_bad_table_is_a_clear_error(self):
        source = self._source("sp_cdr_pgsql.missing")
        log = source._sync()
        self.assertIn("does not exist", log.errors)
        self.assertIn("does not exist", source.last_error)
        with self.assertRaises(ValidationError):
            self._source("cdr; DROP TABLE x")

    def test_sql_ascii_database_with_undecodable_text(self):
        """A cdr_pgsql database created as SQL_ASCII (common on old PBXs) stores the caller
        name's bytes as the phone sent them: one undecodable clid is that row's business,
        never an error that fails its batch and every row behind it."""
        import psycopg2

        name = f"{self.dbname}_sp_cdr_ascii"[:63]
        server = {"host": config["db_host"] or None, "port": config["db_port"] or None,
                  "user": config["db_user"] or None, "password": config["db_password"] or None}
        admin = psycopg2.connect(dbname="postgres", **server)
        admin.autocommit = True
        with admin.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cr.execute(f"CREATE DATABASE \"{name}\" ENCODING 'SQL_ASCII' TEMPLATE template0 "
                       "LC_COLLATE 'C' LC_CTYPE 'C'")

        def drop():
            with admin.cursor() as cr:
                # FORCE: the reader's session may still be ending on the server.
                cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

        self.addCleanup(drop)
        with psycopg2.connect(dbname=name, **server) as cdr_db, cdr_db.cursor() as cr:
            cr.execute(CDR_PGSQL.format(schema="public"))
            for row in self.rows:
                cr.execute(INSERT_PGSQL.format(table="cdr"), pgsql_values(row))
            # The first rows of the table: a caller name in bytes that are no UTF-8.
            cr.execute(r"UPDATE cdr SET clid = E'\377\376\372 <09121234567>' WHERE uniqueid = '100.1'")
        source = self._source("cdr")
        source.database = name
        log = source._sync()
        self.assertFalse(log.errors)
        self.assertEqual(log.rows_read, len(self.rows))
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        self.assertEqual(calls.filtered(lambda c: c.linkedid == "100.1").talk_seconds, 150)
        self.assertIn("200.1", calls.mapped("linkedid"), "the rows behind it are read")
