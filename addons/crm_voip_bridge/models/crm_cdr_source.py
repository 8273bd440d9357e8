import csv
import datetime
import logging
import re
import threading
from collections import defaultdict
from contextlib import contextmanager

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry

from ..lib import cdr

_logger = logging.getLogger(__name__)

CDR_COLUMNS = ["calldate", "clid", "src", "dst", "channel", "dstchannel", "lastapp", "duration",
               "billsec", "disposition", "uniqueid", "linkedid", "sequence", "did", "recordingfile"]


class CrmCdrSource(models.Model):
    """Where the PBX writes its CDR rows, and how far the sync has read them."""

    _name = "crm.cdr.source"
    _description = "CDR source"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    kind = fields.Selection(
        [("mysql", "MySQL / MariaDB (FreePBX, Issabel)"),
         ("pgsql", "PostgreSQL (cdr_pgsql, cdr_adaptive_odbc)"),
         ("csv", "Asterisk Master.csv")],
        required=True, default="mysql",
    )
    host = fields.Char(groups="base.group_system")
    port = fields.Integer(groups="base.group_system", default=3306)
    database = fields.Char(groups="base.group_system", default="asteriskcdrdb")
    table = fields.Char(
        groups="base.group_system", default="cdr",
        help="PostgreSQL: a table name, optionally with its schema (schema.table).",
    )
    login = fields.Char(groups="base.group_system")
    password = fields.Char(groups="base.group_system")
    csv_path = fields.Char("Master.csv path", groups="base.group_system")
    pbx_timezone = fields.Char(
        "PBX timezone", default="Asia/Tehran",
        help="calldate is written in the PBX's local time.",
    )
    batch_size = fields.Integer(default=2000)
    lookback_minutes = fields.Integer(
        default=180,
        help="Rows are written when a call ends, so a long call's row arrives after shorter "
        "calls that started later: each run rereads this much before its cursor (rows already "
        "stored are recognised and skipped).",
    )
    cursor_date = fields.Datetime("Read up to", readonly=True, copy=False)
    cursor_offset = fields.Integer(readonly=True, copy=False, help="Master.csv: bytes read.")
    last_error = fields.Text(readonly=True, copy=False)
    log_ids = fields.One2many("crm.cdr.sync.log", "source_id", "Sync runs")
    recording_mode = fields.Selection(
        [("none", "No recordings"), ("directory", "Mounted directory"), ("url", "HTTP(S) on the PBX")],
        "Recordings", required=True, default="directory",
    )
    recording_dir = fields.Char(
        "Recordings directory", default="/var/spool/asterisk/monitor", groups="base.group_system",
        help="The PBX's monitor directory mounted on the Odoo server; FreePBX files each "
        "recording under YYYY/MM/DD of the call.",
    )
    recording_url = fields.Char(
        "Recording URL", groups="base.group_system",
        help="Template of a recording's address on the PBX, with {year}, {month}, {day} (of the "
        "call, PBX time) and {file}, e.g. https://pbx.example.com/monitor/{year}/{month}/{day}/{file}",
    )
    recording_login = fields.Char(groups="base.group_system")
    recording_password = fields.Char(groups="base.group_system")

    @api.onchange("kind")
    def _onchange_kind(self):
        self.port = {"mysql": 3306, "pgsql": 5432}.get(self.kind, 0)

    @api.constrains("table", "kind")
    def _check_table(self):
        # The table name goes into the SQL text of the PBX's database: a plain identifier only.
        for source in self.sudo():
            pattern = r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?" if source.kind == "pgsql" else r"[A-Za-z0-9_]+"
            if source.table and not re.fullmatch(pattern, source.table):
                raise ValidationError(_("The CDR table name may hold letters, digits and _ only."))

    @api.constrains("recording_url")
    def _check_recording_url(self):
        for source in self.sudo():
            url = source.recording_url
            if url and (not re.match(r"https?://", url) or "{file}" not in url):
                raise ValidationError(_(
                    "The recording URL must start with http:// or https:// and hold {file}."))

    # Reading -------------------------------------------------------------------------

    def _mysql_connect(self):
        import pymysql

        self.ensure_one()
        source = self.sudo()
        return pymysql.connect(
            host=source.host, port=source.port or 3306, user=source.login,
            password=source.password or "", database=source.database, charset="utf8mb4",
            connect_timeout=10, read_timeout=60, cursorclass=pymysql.cursors.DictCursor,
            # clid can hold bytes that are not UTF-8: read text columns as bytes.
            use_unicode=False,
        )

    def _pgsql_connect(self):
        import psycopg2

        self.ensure_one()
        source = self.sudo()
        return psycopg2.connect(
            host=source.host or None, port=source.port or 5432, dbname=source.database,
            user=source.login or None, password=source.password or None, connect_timeout=10,
            # calldate may be a timestamptz: compare and read it in the PBX's time.
            options=f"-c statement_timeout=60000 -c timezone={source.pbx_timezone or 'UTC'}",
            application_name="odoo-sales-panel-cdr",
        )

    def _pgsql_table(self):
        from psycopg2 import sql

        schema, _dot, table = self.sudo().table.rpartition(".")
        return sql.Identifier(*filter(None, (schema, table))), schema, table

    def _read_rows(self, after, limit):
        """Rows after the key ``after`` = (calldate in PBX local time, uniqueid, sequence),
        in that order; and the Master.csv offset reached."""
        self.ensure_one()
        return getattr(self, f"_read_rows_{self.kind}")(after, limit)

    def _read_rows_csv(self, after, limit):
        rows, offset = [], self.cursor_offset
        with open(self.sudo().csv_path, newline="", encoding="utf-8", errors="replace") as fh:
            fh.seek(offset)
            while len(rows) < limit:
                line = fh.readline()
                if not line.endswith("\n"):
                    break  # an unfinished line: read it whole next time
                offset = fh.tell()
                values = next(csv.reader([line]), [])
                rows.append(dict(zip(cdr.CSV_COLUMNS, values, strict=False)))
        return rows, offset

    def _read_rows_mysql(self, after, limit):
        connection = self._mysql_connect()
        try:
            with connection.cursor() as cursor:
                calldate, uniqueid, sequence = after
                cursor.execute(
                    f"SELECT {', '.join(CDR_COLUMNS)} FROM `{self.sudo().table}` "
                    "WHERE (calldate, uniqueid, sequence) > (%s, %s, %s) "
                    "ORDER BY calldate, uniqueid, sequence LIMIT %s",
                    (calldate, uniqueid, sequence, limit),
                )
                rows = [{k.decode() if isinstance(k, bytes) else k: v for k, v in row.items()}
                        for row in cursor.fetchall()]
        finally:
            connection.close()
        return rows, 0

    def _read_rows_pgsql(self, after, limit):
        """cdr_pgsql and cdr_adaptive_odbc tables differ by Asterisk version and by the
        site's column mapping: read the columns the table has (``start`` stands for
        calldate, and without ``sequence`` the key is (calldate, uniqueid))."""
        from psycopg2 import sql

        identifier, schema, table = self._pgsql_table()
        connection = self._pgsql_connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s AND table_schema = coalesce(nullif(%s, ''), current_schema())",
                    (table, schema))
                present = {name for (name,) in cursor.fetchall()}
                if not present:
                    raise UserError(self.env._("The table %s does not exist.", self.sudo().table))
                date_column = "calldate" if "calldate" in present else "start"
                columns = [sql.SQL("{} AS calldate").format(sql.Identifier(date_column))] + [
                    sql.Identifier(name) for name in CDR_COLUMNS[1:] if name in present]
                key = [sql.Identifier(date_column), sql.Identifier("uniqueid")]
                params = list(after[:2])
                if "sequence" in present:
                    key.append(sql.Identifier("sequence"))
                    params.append(after[2])
                cursor.execute(
                    sql.SQL("SELECT {columns} FROM {table} WHERE ({key}) > ({params}) "
                            "ORDER BY {key} LIMIT %s").format(
                        columns=sql.SQL(", ").join(columns), table=identifier,
                        key=sql.SQL(", ").join(key),
                        params=sql.SQL(", ").join([sql.Placeholder()] * len(params))),
                    params + [limit])
                names = [column.name for column in cursor.description]
                rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        finally:
            connection.close()
        for row in rows:
            row.setdefault("sequence", 0)
        return rows, 0

    def _count_rows(self):
        """Rows of the source's table (or None for Master.csv, which is only opened)."""
        self.ensure_one()
        source = self.sudo()
        if self.kind == "csv":
            with open(source.csv_path, encoding="utf-8", errors="replace"):
                return None
        if self.kind == "pgsql":
            from psycopg2 import sql

            connection = self._pgsql_connect()
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(self._pgsql_table()[0]))
                    return cursor.fetchone()[0]
            finally:
                connection.close()
        connection = self._mysql_connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) AS n FROM `{source.table}`")
                return cursor.fetchone()["n"]
        finally:
            connection.close()

    def action_test_connection(self):
        self.ensure_one()
        try:
            count = self._count_rows()
        except Exception as exc:
            raise UserError(_("Cannot read the CDR source %(name)s: %(error)s",
                              name=self.name, error=exc)) from exc
        message = _("Connection works.") if count is None else _(
            "Connection works: %(count)s CDR rows.", count=count)
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "success", "message": message, "sticky": False}}

    # Syncing ------------------------------------------------------------------------

    def _testing(self):
        return getattr(threading.current_thread(), "testing", False)

    def _commit(self):
        if not self._testing():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @contextmanager
    def _batch_env(self):
        """A transaction of its own per batch (a savepoint inside tests)."""
        if self._testing():
            with self.env.cr.savepoint():
                yield self.env
        else:
            with Registry(self.env.cr.dbname).cursor() as cr:
                yield self.env(cr=cr)

    @api.model
    def _cron_sync(self):
        for source in self.search([]):
            source._sync()

    def action_sync(self):
        for source in self:
            source._sync()
        return True

    def _sync(self, max_batches=None):
        """Read new rows batch by batch, each batch in its own transaction: a crash or a
        kill loses at most the batch under way, which the next run reads again. A source
        that is down records its error and leaves the others and the cursor alone."""
        self.ensure_one()
        log = self.env["crm.cdr.sync.log"].create({"source_id": self.id})
        self._commit()  # the run is visible even if it dies
        batches = 0
        tz = pytz.timezone(self.pbx_timezone or "UTC")
        since = (self.cursor_date or datetime.datetime(1970, 1, 2)) - datetime.timedelta(
            minutes=self.lookback_minutes)
        key = (pytz.utc.localize(since).astimezone(tz).replace(tzinfo=None), "", -1)
        while max_batches is None or batches < max_batches:
            batches += 1
            try:
                with self._batch_env() as env:
                    source = self.with_env(env)
                    key = source._sync_batch(log.with_env(env), key)
            except Exception as exc:
                _logger.warning("CDR source %s: %s", self.name, exc)
                self.env.invalidate_all()
                self.write({"last_error": str(exc)})
                log.write({"errors": str(exc), "end_date": fields.Datetime.now()})
                self._commit()
                return log
            if key is None:
                break
        self.env.invalidate_all()
        self.write({"last_error": False})
        log.end_date = fields.Datetime.now()
        self._commit()
        return log

    def _to_utc(self, naive_local):
        tz = pytz.timezone(self.pbx_timezone or "UTC")
        return tz.localize(naive_local).astimezone(pytz.utc).replace(tzinfo=None)

    def _sync_batch(self, log, key):
        """One batch after ``key``; returns the key to continue from, None when done."""
        rows, offset = self._read_rows(key, self.batch_size)
        now = fields.Datetime.now()
        legs, skipped = [], defaultdict(int)
        for row in rows:
            parsed = cdr.parse_row(row, now, self._to_utc)
            if isinstance(parsed, cdr.Skip):
                skipped[parsed.reason] += 1
            else:
                legs.append(parsed)
        created, updated = self.env["crm.call"]._sales_panel_store_legs(self, legs)
        values = {
            "rows_read": log.rows_read + len(rows),
            "calls_created": log.calls_created + created,
            "calls_updated": log.calls_updated + updated,
            "rows_skipped": log.rows_skipped + sum(skipped.values()),
        }
        if skipped:
            values["skip_reasons"] = "\n".join(filter(None, [log.skip_reasons] + [
                f"{count} × {reason}" for reason, count in skipped.items()]))
        log.write(values)
        cursor = max([leg.calldate for leg in legs] + [self.cursor_date or datetime.datetime(1970, 1, 2)])
        self.write({"cursor_date": cursor, "cursor_offset": offset})
        if len(rows) < self.batch_size:
            return None
        last = rows[-1]
        return (last["calldate"], last["uniqueid"], last["sequence"])


class CrmCdrSyncLog(models.Model):
    _name = "crm.cdr.sync.log"
    _description = "CDR sync run"
    _order = "id desc"

    source_id = fields.Many2one("crm.cdr.source", required=True, ondelete="cascade", index=True)
    start_date = fields.Datetime(default=fields.Datetime.now, required=True)
    end_date = fields.Datetime()
    rows_read = fields.Integer()
    calls_created = fields.Integer()
    calls_updated = fields.Integer()
    rows_skipped = fields.Integer()
    skip_reasons = fields.Text()
    errors = fields.Text()
