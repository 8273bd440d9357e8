import datetime
import functools
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry

from odoo.addons.crm_sales_base.lib.phone import to_e164

from ..lib import cdr, cdr_readers
from .crm_call_import import PreparedCalls

_logger = logging.getLogger(__name__)


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

    def _reader(self):
        """A reader of the source's rows (``lib.cdr_readers``), holding its settings."""
        self.ensure_one()
        source = self.sudo()
        return cdr_readers.READERS[source.kind]({
            name: source[name] for name in ("host", "port", "database", "table", "login",
                                             "password", "csv_path", "pbx_timezone")
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
        """Read new rows batch by batch, each batch stored in its own transaction: a crash
        or a kill loses at most the batch under way, which the next run reads again. A
        source that is down records its error and leaves the others and the cursor alone.
        The next batch is read and parsed in a thread while the current one is stored."""
        self.ensure_one()
        log = self.env["crm.cdr.sync.log"].create({"source_id": self.id})
        self._commit()  # the run is visible even if it dies
        zone = self.pbx_timezone or "UTC"
        since = (self.cursor_date or cdr_readers.START_KEY[0]) - datetime.timedelta(
            minutes=self.lookback_minutes)
        key = (pytz.utc.localize(since).astimezone(pytz.timezone(zone)).replace(tzinfo=None), "", -1)
        now, limit = fields.Datetime.now(), self.batch_size
        agents, region = self.env["crm.call"]._sales_panel_agents(self)
        extensions, number_of = frozenset(agents), functools.partial(to_e164, region=region)

        def fetch(reader, key, offset):
            batch = reader.fetch(key, offset, limit, now, functools.partial(_to_utc, zone))
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
                except Exception as exc:
                    _logger.warning("CDR source %s: %s", self.name, exc)
                    if pending is not None:
                        pending.cancel()
                    self._commit()  # a fresh snapshot: the batches updated these rows meanwhile
                    self.env.invalidate_all()
                    self.write({"last_error": str(exc)})
                    log.write({"errors": str(exc), "end_date": fields.Datetime.now()})
                    self._commit()
                    return log
        self._commit()  # a fresh snapshot: the batches updated these rows meanwhile
        self.env.invalidate_all()
        self.write({"last_error": False})
        log.end_date = fields.Datetime.now()
        self._commit()
        return log

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
        log.write(values)
        cursor = max(filter(None, [batch.last_calldate, self.cursor_date]), default=False)
        self.write({"cursor_date": cursor, "cursor_offset": batch.offset})


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
