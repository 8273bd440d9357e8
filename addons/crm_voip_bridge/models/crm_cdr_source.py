import datetime
import functools
import logging
import re
import threading
import time
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
# A history import runs this long (seconds) per call of the sync cron, which then asks the
# scheduler to run it again at once: the regular runs of every source go on meanwhile.
BACKFILL_SLICE = 120
# A run asked for and not started by the scheduler after this long (minutes) no longer
# keeps "Sync now" from asking again (the cron runs every 2 minutes).
QUEUED_MINUTES = 15


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
    # "Sync now" and history imports run in the sync cron; the form shows them.
    sync_progress_id = fields.Many2one("sales.panel.progress", "Sync asked for", readonly=True, copy=False)
    backfill_date_from = fields.Date(
        "History from", copy=False,
        help="The first day (PBX time) of the calls to import from the table's history. Set, "
        "the regular sync of a source never synced reads from the end of this history on, "
        "and \"Import history\" reads the history in the background.")
    backfill_date_to = fields.Date(
        "History to", copy=False,
        help="The last day (PBX time) of the history to import. Empty: up to where the "
        "regular sync started.")
    backfill_state = fields.Selection(
        [("none", "Not started"), ("queued", "Waiting"), ("running", "Running"),
         ("stopped", "Stopped"), ("done", "Done"), ("failed", "Failed")],
        "History import", required=True, default="none", readonly=True, copy=False)
    backfill_until = fields.Datetime(
        "History read up to", readonly=True, copy=False,
        help="Where the history import ends (UTC), fixed when it was asked for.")
    backfill_cursor = fields.Datetime(
        "History imported up to", readonly=True, copy=False,
        help="The history's rows before this instant are stored: a stopped import resumes here.")
    backfill_progress_id = fields.Many2one("sales.panel.progress", "History import job", readonly=True,
                                           copy=False)
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

    @api.constrains("backfill_date_from", "backfill_date_to")
    def _check_backfill_dates(self):
        for source in self:
            if source.backfill_date_to and not source.backfill_date_from:
                raise ValidationError(_("A history to import starts on a day: fill in its first day."))
            if source.backfill_date_to and source.backfill_date_from > source.backfill_date_to:
                raise ValidationError(_("The history's first day comes after its last day."))

    def write(self, vals):
        if {"backfill_date_from", "backfill_date_to"} & set(vals):
            if any(source.backfill_state in ("queued", "running") for source in self):
                raise UserError(_("Stop the history import before changing its days."))
            # Other days: another history, imported from its start.
            vals = dict(vals, backfill_state="none", backfill_cursor=False, backfill_until=False)
        return super().write(vals)

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
        """Buttons are RPC methods any logged-in user can call: the group is checked here.
        Syncing a CDR source is a power of the Sales Panel's configuration, not the data of
        a section (#18): it stays with the Manager group, like the sources' screens."""
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
        """Every source's regular run, then a slice of the history imports asked for (the
        scheduler runs this again at once while some remain: ``_notify_progress``)."""
        for source in self.search([]):
            source._sync()
        deadline = time.monotonic() + BACKFILL_SLICE
        imports = self.search([("backfill_state", "in", ("queued", "running"))])
        for source in imports:
            if time.monotonic() < deadline:
                source._sync(kind="backfill", deadline=deadline)
        remaining = self.search_count([("backfill_state", "in", ("queued", "running"))])
        if remaining:
            self.env["ir.cron"]._notify_progress(done=len(imports) or 1, remaining=remaining)

    @api.model
    def _cron_reconcile(self):
        """The nightly wider re-read (Master.csv is read by offset: nothing comes late)."""
        for source in self.search([("kind", "!=", "csv"), ("reconcile_days", ">", 0)]):
            source._sync(lookback=datetime.timedelta(days=source.reconcile_days), kind="reconcile")

    def action_sync(self):
        """Sync now: managers may, on the sources they see. The sync cron is asked to run at
        once and the button returns: the form shows the run under way. A source whose run
        is asked for or under way is left alone (the sync itself runs as superuser: managers
        have no write access to the sources)."""
        self._check_group("crm_sales_base.group_manager")
        self.check_access("read")
        started = self.browse()
        for source in self.sudo():
            if source._run_pending(source.sync_progress_id):
                continue
            source.sync_progress_id = self.env["sales.panel.progress"].with_user(self.env.user)._sales_panel_queue(
                _("CDR sync of %(name)s", name=source.name), source, unit=_("rows"))
            started |= source
        if started:
            self.env.ref("crm_voip_bridge.ir_cron_cdr_sync").sudo()._trigger()
        return self._notification(
            _("The sync runs in the background: its progress shows on the source.") if started
            else _("A sync of this source is already under way."), "info" if started else "warning")

    def action_backfill(self):
        """Imports the table's history (History from / to) in the background; a stopped or
        failed import resumes where it stopped. Managers, as for Sync now."""
        self._check_group("crm_sales_base.group_manager")
        self.check_access("read")
        started = self.browse()
        for source in self.sudo():
            if source.kind == "csv":
                raise UserError(_("Master.csv is read from its start by the regular sync: it has no history "
                                  "to import."))
            if not source.backfill_date_from:
                raise UserError(_("Fill in the first day of the history to import."))
            if source._run_pending(source.backfill_progress_id):
                continue
            values = {"backfill_state": "queued"}
            if source.backfill_state not in ("stopped", "failed"):
                values.update(backfill_cursor=False, backfill_until=source._history_end(resolve=True))
            values["backfill_progress_id"] = self.env["sales.panel.progress"].with_user(
                self.env.user)._sales_panel_queue(
                _("History import of %(name)s", name=source.name), source, unit=_("rows"),
                stoppable=True).id
            source.write(values)
            started |= source
        if started:
            self.env.ref("crm_voip_bridge.ir_cron_cdr_sync").sudo()._trigger()
        return self._notification(
            _("The history is imported in the background: its progress shows on the source.") if started
            else _("The history import of this source is already under way."), "info" if started else "warning")

    def _notification(self, message, kind):
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": kind, "message": message, "sticky": False,
                           "next": {"type": "ir.actions.client", "tag": "soft_reload"}}}

    def _run_pending(self, progress):
        """True when a run of this source is asked for (``progress`` still waits for the
        scheduler) or under way (its run lock is held)."""
        if progress.state == "queued":
            if progress.create_date > fields.Datetime.now() - datetime.timedelta(minutes=QUEUED_MINUTES):
                return True
            # The scheduler never took it (its cron stopped, no cron worker): asked again.
            progress.write({"state": "failed", "end_date": fields.Datetime.now(),
                            "message": _("The scheduler did not run it: asked again.")})
        with self._run_lock() as free:
            return not free

    def _history_end(self, resolve=False):
        """Where the history ends (UTC): the end of its last day, else where the regular
        sync started (its cursor; ``resolve``: now when it never ran). None without history."""
        if not self.backfill_date_from:
            return None
        if self.backfill_date_to:
            midnight = datetime.datetime.combine(self.backfill_date_to + datetime.timedelta(days=1),
                                                 datetime.time())
            return self._to_utc(midnight)
        if self.backfill_until:
            return self.backfill_until
        return self.cursor_date or (fields.Datetime.now() if resolve else None)

    @contextmanager
    def _run_lock(self):
        """True when no other run of this source is under way (cron, nightly re-read,
        "Sync now"): both would store the same new rows and one would fail on the unique
        keys. The lock lives in a transaction of its own, which the run's commits between
        batches do not end and which releases it whatever happens to the run."""
        with db_connect(self.env.cr.dbname).cursor() as lock_cr:
            lock_cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", RUN_LOCK, self.id))
            yield lock_cr.fetchone()[0]

    def _sync(self, max_batches=None, lookback=None, kind="regular", deadline=None):
        """Read new rows batch by batch, each batch stored in its own transaction: a crash
        or a kill loses at most the batch under way, which the next run reads again.

        ``lookback`` (a timedelta, ``lookback_minutes`` by default) is how far before the
        cursor the run starts. ``kind`` "backfill": the history import (its own range and
        cursor), until ``deadline`` (``time.monotonic()``) or a stop. Whatever fails
        (settings, connection, reading, storing) is recorded on the source and its log and
        leaves the others, and the cursor, alone. The run's figures go to its progress
        (``sales.panel.progress``). Returns the run's log (empty when another run of the
        source is under way)."""
        self.ensure_one()
        Log = self.env["crm.cdr.sync.log"]
        if kind == "backfill" and self.backfill_progress_id.state == "stopped":
            self.backfill_state = "stopped"  # stopped before the scheduler got to it
            return Log
        with self._run_lock() as locked:
            if not locked:
                _logger.info("CDR source %s: another run is under way", self.id)
                return Log
            log = Log.create({"source_id": self.id, "kind": kind})
            queued = self.backfill_progress_id if kind == "backfill" else self.sync_progress_id
            queued = queued if queued.state in ("queued", "running") else queued.browse()
            if kind == "backfill":
                self.backfill_state = "running"
            elif queued:
                self.sync_progress_id = False
            self._commit()  # the run is visible even if it dies
            error, state = None, "done"
            job = self.env["sales.panel.progress"]._sales_panel_job(
                _("History import of %(name)s", name=self.name) if kind == "backfill"
                else _("CDR sync of %(name)s", name=self.name),
                self, unit=_("rows"), stoppable=kind == "backfill", progress=queued)
            try:
                with job:
                    if job.should_stop():
                        state = "stopped"
                    else:
                        state = self._sync_batches(log, max_batches, lookback, job, kind, deadline)
                    if state == "paused":
                        job.pause(_("Continues in a moment…"))
                    elif state == "stopped":
                        job.finish("stopped", _("Stopped: it resumes where it stopped."))
            except Exception as exc:  # any failure of a source is its run's error
                error = exc
                if not self._testing():
                    # The batches committed theirs; this transaction may be aborted.
                    self.env.cr.rollback()
            self._commit()  # a fresh snapshot: the batches updated these rows meanwhile
            self.env.invalidate_all()
            self._close_log(log, error, state, job)
            self._commit()
            return log

    def _close_log(self, log, error, state="done", job=None):
        now = fields.Datetime.now()
        figures = {"end_date": now}
        if job is not None:
            elapsed = job.meter.elapsed
            figures.update(rows_total=job.meter.total, rows_per_second=log.rows_read / elapsed if elapsed else 0)
        if log.kind == "backfill":
            self.backfill_state = {"paused": "running"}.get(state, state) if error is None else "failed"
        if error is None:
            if log.kind != "backfill":
                self.write({"last_error": False, "last_success_date": now})
            log.write(dict(figures, state="done" if state == "paused" else state))
            return
        message = self._redact(error)
        _logger.warning("CDR source %s (%s): %s", self.name, self.id, message)
        self.write({"last_error": message})
        log.write(dict(figures, state="failed", errors=message))
        if job is not None and job.progress_id:
            # The job's own end said "failed" without the text: the redacted one is shown.
            job.finish("failed", message)

    def _run_range(self, lookback, kind):
        """The run's first key (PBX local time) and where it ends (UTC, None: the table's end)."""
        if kind == "backfill":
            start = self._to_utc(datetime.datetime.combine(self.backfill_date_from, datetime.time()))
            start = max(start, self.backfill_cursor or start)
            until = self._history_end(resolve=True)
        else:
            if lookback is None:
                lookback = datetime.timedelta(minutes=self.lookback_minutes)
            # A source with a history to import: its regular sync starts where the history ends.
            base = self.cursor_date or self._history_end(resolve=True) or cdr_readers.START_KEY[0]
            start, until = base - lookback, None
        return start, until

    def _sync_batches(self, log, max_batches, lookback, job, kind="regular", deadline=None):
        """The batches of a run. The next batch is read and parsed in a thread while the
        current one is stored. Returns how the run ended: "done", "stopped" (asked to) or
        "paused" (a history import at its deadline, continued by the next cron call)."""
        zone = self._pbx_zone()
        start, until = self._run_range(lookback, kind)
        key = (pytz.utc.localize(start).astimezone(zone).replace(tzinfo=None), "", -1)
        now, limit = fields.Datetime.now(), self.batch_size
        agents, region = self.env["crm.call"]._sales_panel_agents(self)
        extensions, number_of = frozenset(agents), functools.partial(to_e164, region=region)
        to_utc = functools.partial(_to_utc, zone.zone)
        local_until = until and pytz.utc.localize(until).astimezone(zone).replace(tzinfo=None)

        def fetch(reader, key, offset):
            batch = reader.fetch(key, offset, limit, now, to_utc)
            if batch.inode:
                # The file now read: the next batches continue it, they do not restart it.
                reader.settings["csv_inode"] = batch.inode
            if until is not None:
                # A history import ends at its range's end; the regular sync reads on.
                legs = [leg for leg in batch.legs if leg.calldate < until]
                if len(legs) < len(batch.legs):
                    batch.rows_read -= len(batch.legs) - len(legs)
                    batch.legs, batch.next_key = legs, None
                batch.last_calldate = max((leg.calldate for leg in legs), default=None)
            # Summing up the calls is plain computation: done here, while the main thread
            # waits on PostgreSQL for the batch before.
            batch.prepared = PreparedCalls(extensions, region, cdr.summarize_calls(batch.legs, extensions, number_of))
            return batch

        batches, ended = 0, "done"
        with self._reader() as reader, ThreadPoolExecutor(1) as pool:
            pending = pool.submit(fetch, reader, key, self.cursor_offset)
            while pending is not None:
                batches += 1
                try:
                    batch = pending.result()
                    if batches == 1:
                        # The rows to read, for the bar (an index range of calldate; a file
                        # has no count), asked while the reader's thread is idle. A history
                        # import's later slice adds the rows its earlier slices read.
                        job.update(total=job.done + (reader.count_rows(key[0], local_until) or 0))
                    more = batch.next_key is not None and (max_batches is None or batches < max_batches)
                    if more and job.should_stop():
                        more, ended = False, "stopped"
                    elif more and deadline is not None and time.monotonic() >= deadline:
                        more, ended = False, "paused"
                    pending = pool.submit(fetch, reader, batch.next_key, batch.offset) if more else None
                    with self._batch_env() as env:
                        self.with_env(env)._store_batch(log.with_env(env), batch, kind)
                    job.update(advance=batch.rows_read)
                except Exception:
                    if pending is not None:
                        pending.cancel()
                    raise
        return ended

    def _to_utc(self, naive_local):
        return _to_utc(self.pbx_timezone or "UTC", naive_local)

    def _store_batch(self, log, batch, kind="regular"):
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
        if kind == "backfill":
            # The history has its own cursor: the regular sync's stays where it is.
            cursor = max(filter(None, [batch.last_calldate, self.backfill_cursor]), default=False)
            self.write({"backfill_cursor": cursor})
            return
        cursor = max(filter(None, [batch.last_calldate, self.cursor_date]), default=False)
        self.write({"cursor_date": cursor, "cursor_offset": batch.offset,
                    "cursor_inode": batch.inode or self.cursor_inode})
