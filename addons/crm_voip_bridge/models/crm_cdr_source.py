import datetime
import functools
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.phone import to_e164
from odoo.addons.crm_sales_base.lib.redact import redact

from ..lib import cdr, cdr_readers
from .crm_call_import import PreparedCalls

_logger = logging.getLogger(__name__)

# First key of the PostgreSQL advisory locks that keep two runs of one source apart (the
# second key is the source's id): "SPCD".
RUN_LOCK = 0x53504344


@functools.lru_cache(maxsize=4096)
def _utc_offset(zone, hour):
    """Offset of a zone's local hour: one look-up per hour of CDR rows, not per row."""
    tz = pytz.timezone(zone)
    return tz.localize(hour).utcoffset()


def _to_utc(zone, naive_local):
    hour = naive_local.replace(minute=0, second=0, microsecond=0)
    return naive_local - _utc_offset(zone, hour)


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
    csv_layout = fields.Selection(
        [("auto", "Detected from the rows"),
         ("new", "newcdrcolumns = yes (… uniqueid, userfield, peeraccount, linkedid, sequence)"),
         ("classic", "newcdrcolumns = no (… uniqueid, userfield)")],
        "Master.csv layout", required=True, default="auto",
        help="The columns cdr_csv writes after amaflags, as set in the PBX's cdr.conf "
        "(newcdrcolumns, loguniqueid, loguserfield); detected from each row by default.",
    )
    pbx_timezone = fields.Char(
        "PBX timezone", default="Asia/Tehran",
        help="calldate is written in the PBX's local time: a timezone of the IANA database, "
        "e.g. Asia/Tehran.",
    )
    batch_size = fields.Integer(default=2000)
    lookback_minutes = fields.Integer(
        default=180,
        help="Rows are written when a call ends, so a long call's row arrives after shorter "
        "calls that started later: each run rereads this much before its cursor (rows already "
        "stored are recognised and skipped).",
    )
    reconcile_days = fields.Integer(
        "Nightly re-read (days)", default=3,
        help="Each night the rows of this many days before the cursor are read again, so that "
        "rows written later than the lookback (a call longer than it, a PBX that was offline) "
        "are stored too, once. 0: never. Master.csv is read by offset and needs none.",
    )
    stalled_minutes = fields.Integer(
        "Stalled after (minutes)", default=30,
        help="The source is marked stalled when no run has succeeded for this long. 0: never.",
    )
    cursor_date = fields.Datetime("Read up to", readonly=True, copy=False)
    cursor_offset = fields.Integer(readonly=True, copy=False, help="Master.csv: bytes read.")
    cursor_inode = fields.Char(
        readonly=True, copy=False,
        help="Master.csv: the file read (device:inode). Another file at the path (rotated) is "
        "read from its start, as is a file shorter than the bytes read (truncated).")
    last_success_date = fields.Datetime("Last successful sync", readonly=True, copy=False)
    is_stalled = fields.Boolean(
        "Stalled", compute="_compute_is_stalled", search="_search_is_stalled",
        help="No run has succeeded for longer than the source's threshold.",
    )
    last_error = fields.Text(readonly=True, copy=False)
    has_credentials = fields.Boolean(
        "Connection set", compute="_compute_has_credentials", compute_sudo=True,
        help="Where to read the call records is filled in (database and login, or the file), "
        "without showing it to those who may not read it.")
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

    @api.depends("kind", "host", "login", "password", "csv_path")
    def _compute_has_credentials(self):
        for source in self:
            source.has_credentials = bool(
                source.csv_path if source.kind == "csv" else source.host and source.login and source.password)

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

    @api.constrains("pbx_timezone")
    def _check_pbx_timezone(self):
        for source in self:
            source._pbx_zone()

    def _pbx_zone(self):
        """The PBX's timezone; a clear error for a name pytz does not know (a run checks it
        again: a value written past the constraint, e.g. by SQL, fails that run only)."""
        name = self.pbx_timezone or "UTC"
        if name not in pytz.all_timezones_set:
            raise ValidationError(_(
                "%(zone)s is not a timezone: write one of the IANA timezone database, "
                "e.g. Asia/Tehran or Europe/Berlin.", zone=name))
        return pytz.timezone(name)

    @api.depends("active", "last_success_date", "stalled_minutes")
    def _compute_is_stalled(self):
        now = fields.Datetime.now()
        for source in self:
            # A source that never succeeded counts from its creation.
            since = source.last_success_date or source.create_date or now
            source.is_stalled = bool(
                source.active and source.stalled_minutes > 0
                and since < now - datetime.timedelta(minutes=source.stalled_minutes))

    def _search_is_stalled(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Stalled sources are searched with = or != only."))
        # A handful of sources: their thresholds differ, the test is made in Python.
        stalled = self.search([]).filtered("is_stalled")
        return [("id", "in" if (operator == "=") == bool(value) else "not in", stalled.ids)]

    # Rights -------------------------------------------------------------------------

    def _check_group(self, group):
        """Buttons are RPC methods any logged-in user can call: the group is checked here."""
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(_("You are not allowed to do this on CDR sources."))

    def _redact(self, error):
        """An error's text without the source's secrets, for records, messages and logs."""
        source = self.sudo()
        return redact(str(error) or type(error).__name__,
                      secrets=(source.password, source.recording_password))

    # Reading -------------------------------------------------------------------------

    def _reader(self):
        """A reader of the source's rows (``lib.cdr_readers``), holding its settings."""
        self.ensure_one()
        source = self.sudo()
        return cdr_readers.READERS[source.kind]({
            **{name: source[name] for name in ("host", "port", "database", "table", "login",
                                               "password", "csv_path", "csv_layout", "pbx_timezone")},
            "csv_inode": source.cursor_inode or "",
        })

    def _read_rows(self, after, limit):
        """Rows after the key ``after`` (calldate in PBX local time, uniqueid, sequence),
        in that order, and the Master.csv offset reached."""
        with self._reader() as reader:
            return reader.read_rows(after, self.cursor_offset, limit)

    def _count_rows(self):
        """Rows of the source's table (or None for Master.csv, which is only opened)."""
        with self._reader() as reader:
            return reader.count_rows()

    def action_test_connection(self):
        """Makes Odoo connect where the source says: system administrators only."""
        self._check_group("base.group_system")
        self.ensure_one()
        try:
            count = self._count_rows()
        except Exception as exc:
            # No chained exception: its unredacted text would reach the browser's traceback.
            raise UserError(_("Cannot read the CDR source %(name)s: %(error)s",
                              name=self.name, error=self._redact(exc))) from None
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

    @api.model
    def _cron_reconcile(self):
        """The nightly wider re-read (Master.csv is read by offset: nothing comes late)."""
        for source in self.search([("kind", "!=", "csv"), ("reconcile_days", ">", 0)]):
            source._sync(lookback=datetime.timedelta(days=source.reconcile_days), kind="reconcile")

    def action_sync(self):
        """Sync now: managers may, on the sources they see (the sync itself runs as superuser:
        they have no write access to the sources)."""
        self._check_group("crm_sales_base.group_manager")
        self.check_access("read")
        for source in self.sudo():
            source._sync()
        return True

    @contextmanager
    def _run_lock(self):
        """True when no other run of this source is under way (cron, nightly re-read,
        "Sync now"): both would store the same new rows and one would fail on the unique
        keys. The lock lives in a transaction of its own, which the run's commits between
        batches do not end and which releases it whatever happens to the run."""
        with db_connect(self.env.cr.dbname).cursor() as lock_cr:
            lock_cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", RUN_LOCK, self.id))
            yield lock_cr.fetchone()[0]

    def _sync(self, max_batches=None, lookback=None, kind="regular"):
        """Read new rows batch by batch, each batch stored in its own transaction: a crash
        or a kill loses at most the batch under way, which the next run reads again.

        ``lookback`` (a timedelta, ``lookback_minutes`` by default) is how far before the
        cursor the run starts. Whatever fails (settings, connection, reading, storing) is
        recorded on the source and its log and leaves the others, and the cursor, alone.
        Returns the run's log (empty when another run of the source is under way)."""
        self.ensure_one()
        Log = self.env["crm.cdr.sync.log"]
        with self._run_lock() as locked:
            if not locked:
                _logger.info("CDR source %s: another run is under way", self.id)
                return Log
            log = Log.create({"source_id": self.id, "kind": kind})
            self._commit()  # the run is visible even if it dies
            error = None
            try:
                self._sync_batches(log, max_batches, lookback)
            except Exception as exc:  # any failure of a source is its run's error
                error = exc
                if not self._testing():
                    # The batches committed theirs; this transaction may be aborted.
                    self.env.cr.rollback()
            self._commit()  # a fresh snapshot: the batches updated these rows meanwhile
            self.env.invalidate_all()
            self._close_log(log, error)
            self._commit()
            return log

    def _close_log(self, log, error):
        now = fields.Datetime.now()
        if error is None:
            self.write({"last_error": False, "last_success_date": now})
            log.write({"state": "done", "end_date": now})
            return
        message = self._redact(error)
        _logger.warning("CDR source %s (%s): %s", self.name, self.id, message)
        self.write({"last_error": message})
        log.write({"state": "failed", "errors": message, "end_date": now})

    def _sync_batches(self, log, max_batches, lookback):
        """The batches of a run. The next batch is read and parsed in a thread while the
        current one is stored."""
        zone = self._pbx_zone()
        if lookback is None:
            lookback = datetime.timedelta(minutes=self.lookback_minutes)
        since = (self.cursor_date or cdr_readers.START_KEY[0]) - lookback
        key = (pytz.utc.localize(since).astimezone(zone).replace(tzinfo=None), "", -1)
        now, limit = fields.Datetime.now(), self.batch_size
        agents, region = self.env["crm.call"]._sales_panel_agents(self)
        extensions, number_of = frozenset(agents), functools.partial(to_e164, region=region)
        to_utc = functools.partial(_to_utc, zone.zone)

        def fetch(reader, key, offset):
            batch = reader.fetch(key, offset, limit, now, to_utc)
            if batch.inode:
                # The file now read: the next batches continue it, they do not restart it.
                reader.settings["csv_inode"] = batch.inode
            # Summing up the calls is plain computation: done here, while the main thread
            # waits on PostgreSQL for the batch before.
            batch.prepared = PreparedCalls(extensions, region, cdr.summarize_calls(batch.legs, extensions, number_of))
            return batch

        batches = 0
        with self._reader() as reader, ThreadPoolExecutor(1) as pool:
            pending = pool.submit(fetch, reader, key, self.cursor_offset)
            while pending is not None:
                batches += 1
                try:
                    batch = pending.result()
                    more = batch.next_key is not None and (max_batches is None or batches < max_batches)
                    pending = pool.submit(fetch, reader, batch.next_key, batch.offset) if more else None
                    with self._batch_env() as env:
                        self.with_env(env)._store_batch(log.with_env(env), batch)
                except Exception:
                    if pending is not None:
                        pending.cancel()
                    raise

    def _to_utc(self, naive_local):
        return _to_utc(self.pbx_timezone or "UTC", naive_local)

    def _store_batch(self, log, batch):
        created, updated = self.env["crm.call"]._sales_panel_store_legs(self, batch.legs, batch.prepared)
        values = {
            "rows_read": log.rows_read + batch.rows_read,
            "calls_created": log.calls_created + created,
            "calls_updated": log.calls_updated + updated,
            "rows_skipped": log.rows_skipped + sum(batch.skipped.values()),
        }
        if batch.skipped:
            values["skip_reasons"] = "\n".join(filter(None, [log.skip_reasons] + [
                f"{count} × {reason}" for reason, count in batch.skipped.items()]))
        if batch.rotated:
            values["file_restarted"] = True
        log.write(values)
        cursor = max(filter(None, [batch.last_calldate, self.cursor_date]), default=False)
        self.write({"cursor_date": cursor, "cursor_offset": batch.offset,
                    "cursor_inode": batch.inode or self.cursor_inode})
