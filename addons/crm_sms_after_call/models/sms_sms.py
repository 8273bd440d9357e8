import contextlib
import datetime
import logging
import re
import threading

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib import calendar
from odoo.addons.crm_sales_base.lib.phone import is_mobile, to_e164
from odoo.addons.crm_sales_base.lib.redact import redact

from ..lib import providers, quiet, segments

_logger = logging.getLogger(__name__)

# An SMS "sending" (state ``process``) for longer than this lost its worker: well past a
# request's own timeout (``providers.TIMEOUT``), so nobody is still waiting for its answer.
SENDING_STALE = datetime.timedelta(minutes=2)
# The longest wait between two status checks of an SMS whose outcome is unknown.
SETTLE_MAX_DELAY = datetime.timedelta(hours=6)


class SmsSms(models.Model):
    """The stock SMS queue, sending through each company's own gateway.

    ``_send`` (called by ``send()`` per batch, from the queue cron and from the chatter's
    immediate sends) keeps its contract; it splits the batch per company provider
    (``_split_by_api``): Odoo IAP batches go to the stock code untouched, the others to
    the company's gateway client. Transient failures leave the SMS ``outgoing`` with a
    next-try time; the queue sends only SMS whose time has come."""

    _inherit = "sms.sms"

    # Never twice, never lost (P2): before its request leaves, an SMS is committed as
    # ``process`` ("sending") with ``sms_sending_since``. Whatever happens next (an answer,
    # a timeout, the worker killed), the queue never takes it again as ``outgoing``: it is
    # settled by the provider's status query, a delivery report or a manager. Only
    # failures proving the request never reached the gateway put it back in the queue.

    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    failure_type = fields.Selection(selection_add=[("sms_not_delivered", "Not Delivered")])
    sms_next_try = fields.Datetime("Send from", index=True, copy=False,
                                   help="Held in the queue until then (delay, quiet hours, retry).")
    sms_first_try = fields.Datetime("First try", copy=False)
    sms_attempts = fields.Integer("Tries", copy=False)
    sms_quiet_hours = fields.Boolean(
        "Wait for quiet hours to end", copy=False,
        help="Automatic SMS are not sent during the company's quiet hours.")
    sms_provider = fields.Char("Sent through", copy=False, readonly=True)
    sms_provider_message_id = fields.Char("Provider's message id", index=True, copy=False, readonly=True)
    sms_provider_reason = fields.Char("Provider's answer", copy=False, readonly=True)
    sms_parts = fields.Integer("SMS parts", compute="_compute_sms_parts")
    sms_sending_since = fields.Datetime(
        "Sending since", copy=False, readonly=True,
        help="Committed before the request to the gateway left: an SMS with this date and no "
        "answer is never sent again blindly.")
    sms_outcome_unknown = fields.Boolean(
        "Outcome unknown", copy=False, readonly=True,
        help="The request left and no answer came: waiting for the gateway's status, a "
        "delivery report or the decision of a user whose role gives the SMS section at the level "
        "“All”.")

    @api.depends("body")
    def _compute_sms_parts(self):
        for sms in self:
            sms.sms_parts = segments.count(sms.body).parts

    # Buttons and RPC ------------------------------------------------------------------------
    # Every public method of sms.sms is an RPC anyone logged in may call: the SMS queue is
    # for system administrators (and the code that runs as superuser), checked here rather
    # than left to whatever the method happens to read or write.

    def _sales_panel_check_admin(self):
        if not (self.env.su or self.env.user.has_group("base.group_system")):
            raise AccessError(_("Only system administrators manage the SMS queue."))

    def action_set_outgoing(self):
        # A retry asked by hand starts afresh: no waiting, a new retry window. On an SMS
        # whose outcome is unknown it is the administrator's "it was not sent".
        self._sales_panel_check_admin()
        res = super().action_set_outgoing()
        self.write({"sms_next_try": False, "sms_first_try": False, "sms_attempts": 0,
                    "sms_sending_since": False, "sms_outcome_unknown": False})
        self.env["crm.sms.after.call"]._sales_panel_follow(self)
        return res

    def action_set_canceled(self):
        self._sales_panel_check_admin()
        res = super().action_set_canceled()
        self.env["crm.sms.after.call"]._sales_panel_follow(self)
        return res

    def action_set_error(self, failure_type):
        self._sales_panel_check_admin()
        return super().action_set_error(failure_type)

    def action_sms_confirm_sent(self):
        """An SMS whose outcome is unknown, sent after all (the gateway's panel shows it)."""
        self._sales_panel_check_admin()
        self._sales_panel_settleable()._sales_panel_settle_by_hand(sent=True)
        return True

    def action_sms_confirm_not_sent(self):
        """An SMS whose outcome is unknown, never sent: back in the queue."""
        self._sales_panel_check_admin()
        self._sales_panel_settleable()._sales_panel_settle_by_hand(sent=False)
        return True

    def _sales_panel_settleable(self):
        """The SMS of ``self`` whose outcome nobody knows: unknown, or "sending" so long that
        its worker is gone. Not one a worker is sending right now (its answer decides)."""
        stale = self._sales_panel_now() - SENDING_STALE
        return self.filtered(lambda s: s.state == "process" and (
            s.sms_outcome_unknown or not s.sms_sending_since or s.sms_sending_since <= stale))

    def _sales_panel_settle_by_hand(self, sent):
        """What a manager or an administrator found in the gateway's panel."""
        sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        user = self.env.user.name
        if sent:
            for sms in sudo:
                sms._sales_panel_mark_sent(sms.sms_provider or False)
            sudo.write({"sms_provider_reason": _("Confirmed sent by %(user)s", user=user)})
        else:
            sudo._sales_panel_back_to_queue(
                False, _("Confirmed not sent by %(user)s: sent again", user=user))
        self.env["crm.sms.after.call"]._sales_panel_follow(sudo)

    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        self._sales_panel_check_admin()
        return super().send(unlink_failed=unlink_failed, unlink_sent=unlink_sent,
                            auto_commit=auto_commit, raise_exception=raise_exception)

    def resend_failed(self):
        self._sales_panel_check_admin()
        return super().resend_failed()

    # Time ---------------------------------------------------------------------------------

    @api.model
    def _sales_panel_out_of_quiet_hours(self, company, moment):
        """``moment`` (UTC naive), moved to the end of the company's quiet hours if in them."""
        tz_name = company._sales_panel_calendar()[0]
        local = calendar.to_local(moment, tz_name)
        released = quiet.release(local, company.sms_quiet_start, company.sms_quiet_end)
        if released == local:
            return moment
        return calendar.to_utc(released, tz_name)

    def _sales_panel_now(self):
        # The tests move the clock through this context key instead of patching time.
        return self.env.context.get("sms_after_call_now") or fields.Datetime.now()

    # Queue --------------------------------------------------------------------------------

    @api.model
    def _process_queue(self, ids=None):
        """As stock, but only the SMS whose time has come: stock takes the 10 000 newest
        ``outgoing`` ones, which held SMS could fill and starve the due ones."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        self = self.with_context(sms_after_call_commit=auto_commit, sms_after_call_queue=True)
        # Deciding is the deciding job's, woken by the calls: done here only when it is not
        # about to run (records left "to decide" by an interrupted job).
        decide = self.env.ref("crm_sms_after_call.ir_cron_sms_after_call_decide", raise_if_not_found=False)
        if not decide or not self.env["ir.cron.trigger"].sudo().search_count(
                [("cron_id", "=", decide.id)], limit=1):
            self.env["crm.sms.after.call"]._sales_panel_decide_pending()
        commit = self._sales_panel_may_commit()
        try:
            # The job commits as it settles (no savepoint survives that): it rolls back.
            with contextlib.nullcontext() if commit else self.env.cr.savepoint():
                self._sales_panel_settle()
        except Exception as exc:  # settling what nobody knows must never stop the sending
            if commit:
                self.env.cr.rollback()
            _logger.error("Failed settling SMS of unknown outcome: %s",
                          redact(exc, self._sales_panel_all_secrets()))
        domain = [("state", "=", "outgoing"), ("to_delete", "!=", True),
                  "|", ("sms_next_try", "=", False), ("sms_next_try", "<=", self._sales_panel_now())]
        found = self.search(domain, order="id", limit=10000).ids
        if ids:
            wanted = set(ids)
            found = [sms_id for sms_id in found if sms_id in wanted]
        res = None
        try:
            res = self.browse(found).send(unlink_failed=False, unlink_sent=True,
                                          auto_commit=auto_commit, raise_exception=False)
        except Exception as exc:  # the job must go on; the error is logged, redacted
            _logger.error("Failed processing SMS queue: %s", redact(exc, self._sales_panel_all_secrets()))
        return res

    @api.model
    def _sales_panel_all_secrets(self):
        """Secrets of every company's gateway, for errors that may come from any of them."""
        return self.env["res.company"].sudo().search([])._sms_secrets()

    def _sales_panel_may_commit(self):
        """True where the transaction is the queue job's own (never in tests, never in a
        user's request: their SMS go with the rest of their transaction)."""
        return bool(self.env.context.get("sms_after_call_commit")) and not getattr(
            threading.current_thread(), "testing", False)

    def _sales_panel_in_queue(self):
        """True in the queue job, the only place a gateway is called from: its transaction
        commits the SMS "sending" before the request leaves (a user's request could roll
        back after the gateway sent, and the SMS would go again)."""
        return bool(self.env.context.get("sms_after_call_queue"))

    def _split_by_api(self):
        """(gateway client or None for Odoo IAP, SMS) per company of the SMS."""
        for company, records in self.grouped("company_id").items():
            yield (company or self.env.company)._sms_client(), records

    def _sales_panel_take_due(self):
        """The SMS of ``self`` to send now: still ``outgoing``, not being sent by another
        worker (row locks, skipped when taken), due, and outside quiet hours when they
        wait for them (those get their release time as next try)."""
        if not self.ids:
            return self
        self.flush_recordset()
        rows = self.env.execute_query(SQL(
            "SELECT id FROM sms_sms WHERE id IN %s AND state = 'outgoing' FOR UPDATE SKIP LOCKED",
            tuple(self.ids)))
        taken = self.browse([row[0] for row in rows])
        now = self._sales_panel_now()
        due = taken.filtered(lambda s: not s.sms_next_try or s.sms_next_try <= now)
        for sms in due.filtered("sms_quiet_hours"):
            company = sms.company_id or self.env.company
            release = self._sales_panel_out_of_quiet_hours(company, now)
            if release != now:
                sms.sms_next_try = release
                due -= sms
        return due

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        if not self._sales_panel_in_queue():
            # Chatter, composer or a button: Odoo IAP as stock; the company's own gateway
            # from the queue job only, woken now.
            res = None
            for client, records in self._split_by_api():
                if client is None:
                    res = super(SmsSms, records)._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent,
                                                       raise_exception=raise_exception)
                else:
                    client.session.close()
                    self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
            return res
        due = self._sales_panel_take_due()
        blacklisted = due._sales_panel_blacklisted()
        if blacklisted:
            blacklisted._sales_panel_fail("sms_blacklist", "blacklisted number", unlink_failed)
            due -= blacklisted
        res = None
        for client, records in due._split_by_api():
            if client is None:
                res = super(SmsSms, records)._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent,
                                                   raise_exception=raise_exception)
                continue
            try:
                records._sales_panel_send_through(client, unlink_failed, unlink_sent)
            finally:
                client.session.close()
        done = (due | blacklisted).exists()
        self.env["crm.sms.after.call"]._sales_panel_follow(done)
        done.mail_message_id._notify_message_notification_update()
        return res

    def _sales_panel_blacklisted(self):
        numbers = {sms.number for sms in self if sms.number}
        if not numbers:
            return self.browse()
        listed = set(self.env["phone.blacklist"].sudo().search([("number", "in", list(numbers))]).mapped("number"))
        return self.filtered(lambda s: s.number in listed)

    def _sales_panel_number(self):
        """(E.164 mobile number, None), or (False, the permanent ``Result``) when the SMS's
        number cannot get an SMS."""
        self.ensure_one()
        region = (self.company_id or self.env.company).sales_panel_phone_country_id.code or "IR"
        number = to_e164(self.number, region)
        if not number:
            return False, providers.Result(
                providers.PERMANENT, failure_type="sms_number_format" if self.number else "sms_number_missing",
                reason="not a phone number" if self.number else "no number")
        if not is_mobile(number):
            return False, providers.Result(providers.PERMANENT, failure_type="sms_number_format",
                                           reason="landline number: an SMS cannot reach it")
        return number, None

    def _sales_panel_claim(self, provider, now):
        """Mark the SMS "sending" if it is still ``outgoing`` and no other worker holds it;
        False when it was taken meanwhile (its row lock ended with an earlier commit)."""
        self.ensure_one()
        rows = self.env.execute_query(SQL(
            """UPDATE sms_sms
                  SET state = 'process', sms_sending_since = %(now)s, sms_outcome_unknown = FALSE,
                      sms_attempts = COALESCE(sms_attempts, 0) + 1, sms_provider = %(provider)s,
                      write_date = (now() AT TIME ZONE 'UTC'), write_uid = %(uid)s
                WHERE id = (SELECT id FROM sms_sms WHERE id = %(id)s AND state = 'outgoing'
                            FOR UPDATE SKIP LOCKED)
            RETURNING id""", now=now, provider=provider, uid=self.env.uid, id=self.id))
        self.invalidate_recordset(["state", "sms_sending_since", "sms_outcome_unknown", "sms_attempts",
                                   "sms_provider", "write_date", "write_uid"])
        return bool(rows)

    def _sales_panel_send_through(self, client, unlink_failed, unlink_sent):
        """Send each SMS with ``client``: claimed ("sending", committed by the queue's job)
        before its request leaves, its outcome written (and committed) as soon as known;
        where the job may not commit (tests), outcomes are written grouped at the end."""
        now = self._sales_panel_now()
        commit = self._sales_panel_may_commit()
        self.flush_recordset()
        outcomes = []
        for sms in self:
            number, bad = sms._sales_panel_number()
            if bad:
                outcomes.append((sms, bad))
                continue
            # Its own time: a batch's later SMS start sending long after its first.
            if not sms._sales_panel_claim(client.name, sms._sales_panel_now()):
                continue
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            outcomes.append((sms, client.send(number, sms.body or "", local_id=sms.id)))
            if commit:
                self._sales_panel_apply(client, outcomes, unlink_failed, unlink_sent, now)
                outcomes = []
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self._sales_panel_apply(client, outcomes, unlink_failed, unlink_sent, now)

    def _sales_panel_apply(self, client, outcomes, unlink_failed, unlink_sent, now):
        """Write what the gateway answered, grouped by outcome."""
        by_outcome = {}
        for sms, result in outcomes:
            by_outcome.setdefault(result.outcome, []).append((sms, result))
        sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        secrets = client.secrets
        sent = by_outcome.get(providers.SENT, [])
        if sent:
            sudo.browse([sms.id for sms, _r in sent])._sales_panel_mark_sent(client.name, unlink_sent)
            for sms, result in sent:
                sudo.browse(sms.id)._sales_panel_set_message_id(result.message_id)
        for sms, result in by_outcome.get(providers.TRANSIENT, []):
            record = sudo.browse(sms.id)
            reason = redact(f"{client.name}: {result.reason}", secrets)
            first = record.sms_first_try or now
            company = record.company_id or self.env.company
            if now - first >= datetime.timedelta(hours=company.sms_retry_hours):
                record._sales_panel_fail("sms_server", reason, unlink_failed)
                continue
            attempts = max(record.sms_attempts, 1)
            _logger.info("SMS %s: %s, try %s again later", record.id, reason, attempts)
            record._sales_panel_back_to_queue(
                now + datetime.timedelta(minutes=providers.backoff_minutes(attempts)), reason,
                sms_first_try=first, sms_attempts=attempts, sms_provider=client.name)
        unknown = by_outcome.get(providers.UNKNOWN, [])
        for sms, result in unknown:
            record = sudo.browse(sms.id)
            reason = redact(f"{client.name}: {result.reason}", secrets)
            _logger.warning("SMS %s: %s; not sent again until settled", record.id, reason)
            record.write({"sms_outcome_unknown": True, "sms_provider_reason": reason, "sms_next_try": False})
        if unknown:
            sudo.browse([sms.id for sms, _r in unknown]).sms_tracker_id._action_update_from_sms_state("process")
        for sms, result in by_outcome.get(providers.PERMANENT, []):
            sudo.browse(sms.id)._sales_panel_fail(
                result.failure_type or "unknown", redact(result.reason, secrets), unlink_failed,
                provider=client.name)
        # The records after the calls follow at once: with the job's commit per SMS, a worker
        # stopped later in the batch must not leave them behind their SMS.
        self.env["crm.sms.after.call"]._sales_panel_follow(sudo.browse([sms.id for sms, _r in outcomes]))

    def _sales_panel_mark_sent(self, provider, unlink_sent=True):
        """Taken by the gateway: no longer "sending", never sent again."""
        self.sms_tracker_id._action_update_from_sms_state("pending")
        self.write({"state": "pending", "failure_type": False, "sms_provider": provider,
                    "sms_provider_reason": False, "sms_next_try": False, "sms_outcome_unknown": False,
                    "sms_sending_since": False, **({"to_delete": True} if unlink_sent else {})})

    def _sales_panel_back_to_queue(self, next_try, reason, **values):
        """Surely never reached the gateway: ``outgoing`` again, sent from ``next_try``."""
        self.write({"state": "outgoing", "sms_sending_since": False, "sms_outcome_unknown": False,
                    "sms_next_try": next_try, "sms_provider_reason": reason, **values})
        self.sms_tracker_id._action_update_from_sms_state("outgoing")

    def _sales_panel_set_message_id(self, message_id):
        """The provider's id of the SMS, on it and its tracker (which outlives it), with
        the company and gateway that delivery reports are matched within."""
        if not message_id:
            return
        self.ensure_one()
        self.sms_provider_message_id = message_id
        self.sms_tracker_id.write({
            "sms_provider_message_id": message_id, "sms_company_id": (self.company_id or self.env.company).id,
            "sms_provider": self.sms_provider})

    # Settling what nobody knows -------------------------------------------------------------

    @api.model
    def _sales_panel_settle(self, limit=200):
        """SMS "sending" whose answer never came (a timeout after the request left, a worker
        killed between the request and its commit): asked to the gateway when it has a status
        query (Kavenegar finds them by ``localid``); otherwise they stay "outcome unknown"
        until a delivery report or a manager settles them. Never sent again blindly.

        A few per run, oldest check first, each checked again later and later (``sms_next_try``
        is their next check): a gateway down must not hold the queue's job."""
        now = self._sales_panel_now()
        stuck = self.sudo().search([
            ("state", "=", "process"), ("sms_sending_since", "!=", False), ("to_delete", "!=", True),
            "|", ("sms_outcome_unknown", "=", True), ("sms_sending_since", "<=", now - SENDING_STALE),
            "|", ("sms_next_try", "=", False), ("sms_next_try", "<=", now)],
            order="sms_next_try asc nulls first, id", limit=limit)
        commit = self._sales_panel_may_commit()
        for company, records in stuck.grouped("company_id").items():
            client = (company or self.env.company)._sms_client()
            if client is None or not hasattr(client, "status"):
                for sms in records:
                    sms.sms_next_try = now + sms._sales_panel_check_delay(now)
                lost = records.filtered(lambda s: not s.sms_outcome_unknown)
                lost.with_context(sms_skip_msg_notification=True).write({
                    "sms_outcome_unknown": True,
                    "sms_provider_reason": "no answer recorded (the sending was interrupted): outcome "
                                           "unknown, waiting for a delivery report or a user with the "
                                           "SMS section at “All”"})
                self.env["crm.sms.after.call"]._sales_panel_follow(lost)
                continue
            try:
                for sms in records:
                    sms.sms_next_try = now + sms._sales_panel_check_delay(now)
                    answered = sms._sales_panel_settle_with(client, now)
                    if commit:
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                    if not answered:
                        # Its other SMS would wait for the same unreachable gateway.
                        break
            finally:
                client.session.close()

    def _sales_panel_check_delay(self, now):
        """Time until the next status check: as long as the SMS has been waiting (doubling
        the wait each time), within bounds."""
        waited = now - (self.sms_sending_since or now)
        return min(max(waited, SENDING_STALE), SETTLE_MAX_DELAY)

    def _sales_panel_settle_with(self, client, now):
        """Settle the SMS by the gateway's status query; False when the query failed."""
        self.ensure_one()
        sudo = self.with_context(sms_skip_msg_notification=True)
        result = client.status(self.id)
        answered = result.outcome in (providers.SENT, providers.ABSENT)
        if result.outcome == providers.SENT:
            sudo._sales_panel_mark_sent(client.name)
            sudo._sales_panel_set_message_id(result.message_id)
            state = providers.delivery_state(result.status)
            if state != "pending":
                self._sales_panel_apply_report(self, self.sms_tracker_id, self.env["crm.sms.after.call"],
                                               state, result.status)
        elif result.outcome == providers.ABSENT:
            # The gateway never got it: the queue sends it now (with the same local id).
            sudo._sales_panel_back_to_queue(now, redact(result.reason, client.secrets))
        else:
            sudo.write({"sms_outcome_unknown": True, "sms_provider_reason": redact(
                f"{client.name}: outcome unknown, the status query failed: {result.reason}", client.secrets)})
        self.env["crm.sms.after.call"]._sales_panel_follow(self)
        return answered

    def _sales_panel_fail(self, failure_type, reason, unlink_failed=False, provider=None):
        sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        # The reason reaches the chatter's failure notice and the SMS after the call.
        reason = redact(reason, sudo.company_id._sms_secrets())
        _logger.warning("SMS %s failed (%s): %s", sudo.ids, failure_type, reason)
        # Notifications know fewer failure types than SMS do (no "blacklisted").
        known = self.env["mail.notification"]._fields["failure_type"].get_values(self.env)
        notified = failure_type if failure_type in known else (
            "sms_not_allowed" if failure_type == "sms_blacklist" else "unknown")
        sudo.sms_tracker_id._action_update_from_sms_state("error", failure_type=notified,
                                                          failure_reason=reason)
        values = {"state": "error", "failure_type": failure_type, "sms_provider_reason": reason,
                  "sms_next_try": False, **({"to_delete": True} if unlink_failed else {})}
        if provider:
            values["sms_provider"] = provider
        sudo.write(values)

    # Delivery reports ---------------------------------------------------------------------

    @api.model
    def _sales_panel_delivery_report(self, company, message_id, status, local_id=""):
        """Apply a provider's delivery report; False when the message is unknown.

        Matched within the company and its current gateway: GSM boxes count their message
        ids from 1 again after a reboot, and two companies' gateways share counters. Among
        SMS of one gateway reusing an id, the report is for the one still on its way (the
        newest). ``local_id`` (our SMS id, ``{uid}`` of an HTTP gateway) settles an SMS
        whose send never got its answer."""
        state = providers.delivery_state(status)
        if not (message_id or local_id) or state == "pending":
            return bool(message_id or local_id)
        client = company._sms_client()
        provider = client.name if client else False
        # Rows written before they carried their gateway (the upgrade fills those it can).
        known = [provider, False]
        Sms = self.sudo()
        Tracker = self.env["sms.tracker"].sudo()
        Record = self.env["crm.sms.after.call"].sudo()
        sms = Sms.browse()
        # Our ids are PostgreSQL integers: anything else is an unknown id, not an error.
        if local_id and re.fullmatch(r"[0-9]{1,10}", str(local_id)) and int(local_id) < 2**31:
            sms = Sms.search([("id", "=", int(local_id)), ("company_id", "=", company.id),
                              ("sms_provider", "in", known)])
        if not sms and message_id:
            sms = Sms.search([("sms_provider_message_id", "=", message_id), ("company_id", "=", company.id),
                              ("sms_provider", "in", known), ("state", "in", ("process", "pending"))],
                             order="id desc", limit=1)
        if sms:
            trackers = sms.sms_tracker_id
            records = Record.search([("sms_uuid", "=", sms.uuid)])
        else:
            # The SMS was garbage-collected once sent: its tracker and record remain.
            trackers = Tracker.search([
                ("sms_provider_message_id", "=", message_id), ("sms_company_id", "in", [company.id, False]),
                ("sms_provider", "in", known)], order="id desc", limit=1) if message_id else Tracker
            records = Record.search([
                ("provider_message_id", "=", message_id), ("company_id", "=", company.id),
                ("state", "in", ("sent", "queued", "unknown"))], order="id desc", limit=1) if message_id else Record
            if trackers:
                records = Record.search([("sms_uuid", "=", trackers.sms_uuid)]) or records
        if not (sms or trackers or records):
            return False
        if sms.state == "process":
            # A late answer to a send that timed out: it was sent.
            sms.with_context(sms_skip_msg_notification=True)._sales_panel_mark_sent(provider)
            if message_id and not sms.sms_provider_message_id:
                sms._sales_panel_set_message_id(message_id)
        self._sales_panel_apply_report(sms, trackers, records, state, status)
        return True

    @api.model
    def _sales_panel_apply_report(self, sms, trackers, records, state, status):
        if state == "delivered":
            trackers._action_update_from_sms_state("sent")
            sms.write({"state": "sent"})
            records.write({"state": "delivered"})
        else:
            reason = f"not delivered (status {status})"
            trackers._action_update_from_provider_error("not_delivered")
            sms.write({"state": "error", "failure_type": "sms_not_delivered", "sms_provider_reason": reason})
            records.write({"state": "error", "reason": reason})
