import base64
import datetime
import logging
import threading
from contextlib import contextmanager

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib.progress import Meter

_logger = logging.getLogger(__name__)

# Bus: the notification type, and the prefix of the channel a form subscribes to for the
# jobs of its record ("sales_panel_progress:<model>:<id>", checked in ir.websocket below).
BUS_TYPE = "sales_panel/progress"
CHANNEL_PREFIX = "sales_panel_progress:"
SUBCHANNEL = "sales_panel_progress"
# Watching others' jobs is a power of the configuration, not the data of a section (#18):
# the Manager group (a record's jobs also need the right to read that record).
MANAGER = "crm_sales_base.group_manager"
# A job reports at most this often (seconds): each report is a short transaction and a bus
# message to the people watching.
INTERVAL = 1.0


class SalesPanelProgress(models.Model):
    """One long job (a CDR sync, a large export, ...): what it is, whose, how far it got.

    Jobs report through :meth:`_sales_panel_job`; forms show it with the
    ``sales_panel_progress`` widget; the starter and managers see it."""

    _name = "sales.panel.progress"
    _description = "Progress of a long job"
    _order = "id desc"

    name = fields.Char("What", required=True)
    res_model = fields.Char("Record model", index=True, readonly=True)
    res_id = fields.Many2oneReference("Record", model_field="res_model", index=True, readonly=True)
    user_id = fields.Many2one("res.users", "Started by", required=True, index=True, readonly=True,
                              default=lambda self: self.env.user, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("queued", "Waiting"), ("running", "Running"), ("done", "Done"), ("failed", "Failed"),
         ("stopped", "Stopped")],
        required=True, default="queued", readonly=True, index=True,
    )
    done = fields.Integer(readonly=True)
    total = fields.Integer(readonly=True, help="0: not known.")
    unit = fields.Char(readonly=True, help="What done and total count (rows, contacts, ...).")
    rate = fields.Float("Rate (per second)", readonly=True)
    time_left = fields.Integer("Time left (seconds)", readonly=True)
    message = fields.Char(readonly=True)
    stoppable = fields.Boolean(readonly=True, help="The job stops cleanly when asked to.")
    stop_requested = fields.Boolean(readonly=True)
    start_date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    end_date = fields.Datetime(readonly=True)
    # The file a job built (an export): served by /sales_panel/progress/<id>/file to its
    # starter only. Kept in the job's row, not as an attachment: /web/content serves an
    # attachment to any internal user who names its id, and a manager who sees the job
    # must not get its file. System administrators only through the ORM. Jobs go after a
    # week (_gc_finished), their files with them.
    file = fields.Binary(attachment=False, groups="base.group_system", copy=False)
    file_name = fields.Char(readonly=True)
    has_file = fields.Boolean(readonly=True)
    # A job the exports' cron runs (``_sales_panel_queue_export``): this method of the
    # record (or of the model, without a record), as the job's starter; it returns the file.
    job_method = fields.Char(readonly=True)

    # Job side ----------------------------------------------------------------------

    @api.model
    def _sales_panel_job(self, name, record=None, *, total=0, unit="", stoppable=False, user=None,
                         progress=None, interval=INTERVAL):
        """A reporter for a job (a context manager)::

            with env["sales.panel.progress"]._sales_panel_job(_("Sync"), source, total=n) as job:
                for batch in batches:
                    ...
                    job.update(advance=len(batch))
                    if job.should_stop():
                        break

        ``progress``: a record queued beforehand (a button that triggered a cron), taken
        over by the job. Without it, a record is made at the job's first report only (after
        ``interval`` seconds): a job that ends sooner leaves nothing behind. The reporter
        writes in a transaction of its own, so that its figures are seen while the job's
        own transaction is still open, and sends them over the bus."""
        return ProgressReporter(self.env, name, record, total=total, unit=unit, stoppable=stoppable,
                                user=user, progress=progress, interval=interval)

    @api.model
    def _sales_panel_queue(self, name, record=None, *, unit="", stoppable=False, message=None):
        """A job asked for now (by a button) and waiting for the scheduler: its bar shows at
        once. The scheduler's run takes it over (``progress=`` of :meth:`_sales_panel_job`)."""
        progress = self.sudo().create({
            "name": name, "res_model": record and record._name, "res_id": record and record.id,
            "user_id": self.env.uid, "unit": unit, "stoppable": stoppable,
            "message": message or _("Waiting for the scheduler…"),
            "company_id": (record and "company_id" in record._fields and record.company_id.id)
            or self.env.company.id,
        })
        progress._sales_panel_notify()
        return progress

    @api.model
    def _sales_panel_queue_export(self, name, target, method, file_name):
        """A file built in the background by the exports' cron: ``target`` (a record, or a
        model) ``method(job=reporter)`` returns its bytes, run as the current user. Returns
        the action telling the user so (the bar, then a notification and a message when
        the file is ready)."""
        record = target if target.id else None
        progress = self._sales_panel_queue(name, record, message=_("The file is built in the background…"))
        progress.write({"job_method": method, "file_name": file_name,
                        "res_model": target._name, "res_id": target.id or False})
        self.env.ref("crm_sales_base.ir_cron_sales_panel_jobs").sudo()._trigger()
        return {"type": "ir.actions.client", "tag": "display_notification", "params": {
            "type": "info", "sticky": False, "title": name,
            "message": _("The file is large: it is built in the background. You will be told when it is "
                         "ready to download.")}}

    @api.model
    def _cron_run_jobs(self):
        """The exports asked for, oldest first, each in a transaction of its own."""
        testing = getattr(threading.current_thread(), "testing", False)
        for progress in self.sudo().search([("state", "=", "queued"), ("job_method", "!=", False)],
                                           order="id"):
            try:
                progress._sales_panel_run_job()
            except Exception:  # one failed export never stops the others
                _logger.exception("Sales Panel job %s (%s) failed", progress.name, progress.id)
                if not testing:
                    self.env.cr.rollback()
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _sales_panel_run_job(self):
        self.ensure_one()
        user = self.user_id
        # As its user would have it at once: their rights, language and timezone.
        progress = self.with_context(lang=user.lang, tz=user.tz)
        target = progress.env[self.res_model].with_user(user).with_company(self.company_id)
        if self.res_id:
            target = target.browse(self.res_id)
        # Server code names the method (the field is read-only): still, only the suite's own.
        if not self.job_method.startswith("_sales_panel_"):
            raise UserError(_("Unknown job."))
        with progress._sales_panel_job(self.name, progress=self) as job:
            content = getattr(target, self.job_method)(job=job)
            job.finish("done", progress.env._("Ready to download."), file=content, file_name=self.file_name)
        self.invalidate_recordset()
        with _own_env(progress.env) as env:  # told at once, whatever the transaction does next
            progress.with_env(env)._sales_panel_tell_ready()

    def _sales_panel_tell_ready(self):
        """The starter is told: a notification now (bus) and a message in their inbox."""
        self.ensure_one()
        url = f"/sales_panel/progress/{self.id}/file"
        partner = self.user_id.partner_id
        partner._bus_send("simple_notification", {
            "type": "success", "sticky": True, "title": self.name,
            "message": _("Your file %(name)s is ready: Discuss → Inbox has its link.", name=self.file_name)})
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=partner.ids, subject=_("%(name)s is ready", name=self.file_name),
            body=Markup('<p>%s <a href="%s">%s</a></p>') % (
                _("The file you asked for is ready:"), url, self.file_name),
            subtype_xmlid="mail.mt_note")

    @api.model
    def _sales_panel_pending(self, record):
        """The jobs of a record queued or under way (as superuser: a job checks its own)."""
        return self.sudo().search([("res_model", "=", record._name), ("res_id", "=", record.id),
                                   ("state", "in", ("queued", "running"))])

    def _sales_panel_payload(self):
        self.ensure_one()
        return {
            "id": self.id, "name": self.name, "res_model": self.res_model or False,
            "res_id": self.res_id or False, "user_id": self.user_id.id, "state": self.state,
            "done": self.done, "total": self.total, "unit": self.unit or "", "rate": self.rate,
            "time_left": self.time_left, "message": self.message or "", "stoppable": self.stoppable,
            "stop_requested": self.stop_requested, "has_file": self.has_file,
            "file_name": self.file_name or "",
            "start_date": fields.Datetime.to_string(self.start_date),
            "end_date": fields.Datetime.to_string(self.end_date) if self.end_date else False,
        }

    def _sales_panel_notify(self):
        """The job's figures to its starter and to the managers watching its record."""
        for progress in self.sudo():
            payload = progress._sales_panel_payload()
            if progress.res_model and progress.res_id:
                record = self.env[progress.res_model].browse(progress.res_id)
                self.env["bus.bus"]._sendone((record, SUBCHANNEL), BUS_TYPE, payload)
            if progress.user_id._is_internal():
                progress.user_id.partner_id._bus_send(BUS_TYPE, payload)

    # Users' side ---------------------------------------------------------------------

    @api.model
    def sales_panel_progress_of(self, res_model, res_id):
        """The last job of a record the user may see (the widget's first look), or False."""
        if not isinstance(res_model, str) or res_model not in self.env or not isinstance(res_id, int):
            return False
        progress = self.search([("res_model", "=", res_model), ("res_id", "=", res_id)], limit=1)
        return progress._sales_panel_payload() if progress else False

    def action_stop(self):
        """Asks the job to stop (after the piece under way): its starter or a manager, on a
        job that stops cleanly."""
        self.check_access("read")  # the starter and managers only (record rules)
        for progress in self.sudo():
            if not progress.stoppable:
                raise UserError(_("This job cannot be stopped."))
            if progress.state == "queued":
                # The scheduler has not started it: it never will.
                progress.write({"state": "stopped", "stop_requested": True,
                                "end_date": fields.Datetime.now(), "message": _("Stopped before it started.")})
            elif progress.state == "running":
                progress.write({"stop_requested": True, "message": _("Stopping…")})
            progress._sales_panel_notify()
        return True

    @api.autovacuum
    def _gc_finished(self):
        """Finished jobs go after a week (a file not fetched by then too)."""
        limit = fields.Datetime.now() - datetime.timedelta(days=7)
        self.sudo().search([("state", "not in", ("queued", "running")), ("write_date", "<", limit)]).unlink()


class ProgressReporter:
    """What a job holds while it runs (see ``SalesPanelProgress._sales_panel_job``)."""

    def __init__(self, env, name, record, *, total, unit, stoppable, user, progress, interval):
        self.env = env
        self.name = name
        self.record = record
        self.unit = unit
        self.stoppable = stoppable
        self.user = user or (progress and progress.user_id) or env.user
        self.progress_id = progress.id if progress else None
        self.meter = Meter(total=total, interval=interval)
        if progress:  # a job continued (a slice after another): its counts go on
            self.meter.done = progress.done
            self.meter.samples[0] = (self.meter.started, progress.done)
        self.message = None
        self.stop_requested = False
        self.state = None

    def __enter__(self):
        if self.progress_id:
            self._write({"state": "running", "message": False, "start_date": fields.Datetime.now()})
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            # A UserError is written for users; any other error's text may name a server or
            # hold a secret: the server's log has it.
            self.finish("failed", message=str(exc) if isinstance(exc, UserError) else _("The job failed."))
        elif self.state is None:
            self.finish("stopped" if self.stop_requested else "done")
        return False

    @property
    def done(self):
        return self.meter.done

    def update(self, done=None, total=None, advance=0, message=None, force=False):
        """New counts; written and sent once per interval (``force``: now)."""
        if message is not None:
            self.message = message
        if self.meter.tick(done=done, total=total, advance=advance) or force:
            self._write(self._figures())

    def should_stop(self):
        """True once someone asked the job to stop (read at most once per interval, from
        the reports' own transaction)."""
        if self.stoppable and self.progress_id and not self.stop_requested:
            with _own_env(self.env) as env:
                self.stop_requested = env["sales.panel.progress"].sudo().browse(self.progress_id).stop_requested
        return self.stop_requested

    def pause(self, message=None):
        """The job goes on later (the scheduler's next call): its figures are written, it
        stays running."""
        self.state = "running"
        if message is not None:
            self.message = message
        if self.progress_id:
            self._write(self._figures())

    def finish(self, state="done", message=None, file=None, file_name=None):
        """The job's end: its state, a last message, the file it built (bytes)."""
        self.state = state
        if message is not None:
            self.message = message
        if not self.progress_id and file is None:
            return  # a short job that reported nothing: its caller records its end
        values = dict(self._figures(), state=state, end_date=fields.Datetime.now(), time_left=0)
        if file is not None:
            values.update(file=base64.b64encode(file), file_name=file_name, has_file=True)
        self._write(values)

    def _figures(self):
        meter = self.meter
        return {"done": meter.done, "total": meter.total, "rate": meter.rate,
                "time_left": int(meter.time_left or 0), "message": self.message or False}

    def _write(self, values):
        with _own_env(self.env) as env:
            Progress = env["sales.panel.progress"].sudo()
            if self.progress_id:
                progress = Progress.browse(self.progress_id)
                progress.write(values)
            else:
                # Read on this transaction: the job's own may be closed or aborted.
                record, user = self.record and self.record.with_env(env), self.user.with_env(env)
                progress = Progress.create(dict(
                    values, name=self.name, res_model=record and record._name,
                    res_id=record and record.id, user_id=user.id, unit=self.unit,
                    stoppable=self.stoppable, state=values.get("state", "running"),
                    company_id=(record and "company_id" in record._fields and record.sudo().company_id.id)
                    or user.company_id.id))
                self.progress_id = progress.id
            self.stop_requested = self.stop_requested or progress.stop_requested
            progress._sales_panel_notify()


@contextmanager
def _own_env(env):
    """An environment on a short transaction of its own (committed at the end), so that a
    job's figures are seen while its own transaction is open. Tests: the test's transaction
    (HttpCase: the shared test cursor; TransactionCase: a savepoint)."""
    registry = env.registry
    if registry.in_test_mode():
        with registry.cursor() as cr:
            yield env(cr=cr)
    elif getattr(threading.current_thread(), "testing", False):
        with env.cr.savepoint():
            yield env
    else:
        with registry.cursor() as cr:
            yield env(cr=cr)


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """A form asks for its record's jobs ("sales_panel_progress:<model>:<id>"): given to
        managers who may read that record; a job's starter gets its figures on their own
        channel anyway."""
        channels = list(channels)
        wanted = [channel for channel in channels
                  if isinstance(channel, str) and channel.startswith(CHANNEL_PREFIX)]
        for channel in wanted:
            channels.remove(channel)
            record = self._sales_panel_progress_record(channel)
            if record:
                channels.append((record, SUBCHANNEL))
        return super()._build_bus_channel_list(channels)

    def _sales_panel_progress_record(self, channel):
        model, _sep, res_id = channel[len(CHANNEL_PREFIX):].rpartition(":")
        if model not in self.env or not res_id.isdigit() or not self.env.user.has_group(MANAGER):
            return None
        record = self.env[model].browse(int(res_id))
        try:
            record.check_access("read")
        except (AccessError, UserError):
            return None
        return record if record.exists() else None
