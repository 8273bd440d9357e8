import datetime
import logging
import threading

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.phone import is_mobile, to_e164

from ..lib import providers, quiet, segments

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    """The stock SMS queue, sending through each company's own gateway.

    ``_send`` (called by ``send()`` per batch, from the queue cron and from the chatter's
    immediate sends) keeps its contract; it splits the batch per company provider
    (``_split_by_api``): Odoo IAP batches go to the stock code untouched, the others to
    the company's gateway client. Transient failures leave the SMS ``outgoing`` with a
    next-try time; the queue sends only SMS whose time has come."""

    _inherit = "sms.sms"

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

    @api.depends("body")
    def _compute_sms_parts(self):
        for sms in self:
            sms.sms_parts = segments.count(sms.body).parts

    def action_set_outgoing(self):
        # A retry asked by hand starts afresh: no waiting, a new retry window.
        res = super().action_set_outgoing()
        self.write({"sms_next_try": False, "sms_first_try": False, "sms_attempts": 0})
        return res

    # Time ---------------------------------------------------------------------------------

    @api.model
    def _sales_panel_out_of_quiet_hours(self, company, moment):
        """``moment`` (UTC naive), moved to the end of the company's quiet hours if in them."""
        tz = pytz.timezone(company.sales_panel_timezone or "Asia/Tehran")
        local = pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)
        released = quiet.release(local, company.sms_quiet_start, company.sms_quiet_end)
        if released == local:
            return moment
        return tz.localize(released).astimezone(pytz.utc).replace(tzinfo=None)

    def _sales_panel_now(self):
        # The tests move the clock through this context key instead of patching time.
        return self.env.context.get("sms_after_call_now") or fields.Datetime.now()

    # Queue --------------------------------------------------------------------------------

    @api.model
    def _process_queue(self, ids=None):
        """As stock, but only the SMS whose time has come: stock takes the 10 000 newest
        ``outgoing`` ones, which held SMS could fill and starve the due ones."""
        self.env["crm.sms.after.call"]._sales_panel_decide_pending()
        domain = [("state", "=", "outgoing"), ("to_delete", "!=", True),
                  "|", ("sms_next_try", "=", False), ("sms_next_try", "<=", self._sales_panel_now())]
        found = self.search(domain, order="id", limit=10000).ids
        if ids:
            wanted = set(ids)
            found = [sms_id for sms_id in found if sms_id in wanted]
        res = None
        try:
            auto_commit = not getattr(threading.current_thread(), "testing", False)
            res = self.browse(found).send(unlink_failed=False, unlink_sent=True,
                                          auto_commit=auto_commit, raise_exception=False)
        except Exception:
            _logger.exception("Failed processing SMS queue")
        return res

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

    def _sales_panel_send_through(self, client, unlink_failed, unlink_sent):
        """Send each SMS with ``client``, then write the outcomes, grouped."""
        now = self._sales_panel_now()
        sent, transient, permanent = [], [], []
        for sms in self:
            region = (sms.company_id or self.env.company).sales_panel_phone_country_id.code or "IR"
            number = to_e164(sms.number, region)
            if not number:
                permanent.append((sms, providers.Result(
                    providers.PERMANENT, failure_type="sms_number_format" if sms.number else "sms_number_missing",
                    reason="not a phone number" if sms.number else "no number")))
                continue
            if not is_mobile(number):
                permanent.append((sms, providers.Result(
                    providers.PERMANENT, failure_type="sms_number_format",
                    reason="landline number: an SMS cannot reach it")))
                continue
            result = client.send(number, sms.body or "", local_id=sms.id)
            bucket = {providers.SENT: sent, providers.TRANSIENT: transient}.get(result.outcome, permanent)
            bucket.append((sms, result))
        sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        if sent:
            done = sudo.browse([sms.id for sms, _r in sent])
            done.sms_tracker_id._action_update_from_sms_state("pending")
            done.write({"state": "pending", "failure_type": False, "sms_provider": client.name,
                        "sms_provider_reason": False, "sms_next_try": False,
                        **({"to_delete": True} if unlink_sent else {})})
            for sms, result in sent:
                if result.message_id:
                    sudo.browse(sms.id).sms_provider_message_id = result.message_id
                    sudo.browse(sms.id).sms_tracker_id.sms_provider_message_id = result.message_id
        for sms, result in transient:
            record = sudo.browse(sms.id)
            first = record.sms_first_try or now
            attempts = record.sms_attempts + 1
            company = record.company_id or self.env.company
            if now - first >= datetime.timedelta(hours=company.sms_retry_hours):
                record._sales_panel_fail("sms_server", f"{client.name}: {result.reason}", unlink_failed)
                continue
            _logger.info("SMS %s: %s, try %s again later", record.id, result.reason, attempts)
            record.write({
                "sms_first_try": first, "sms_attempts": attempts, "sms_provider": client.name,
                "sms_provider_reason": f"{client.name}: {result.reason}",
                "sms_next_try": now + datetime.timedelta(minutes=providers.backoff_minutes(attempts)),
            })
        for sms, result in permanent:
            sudo.browse(sms.id)._sales_panel_fail(
                result.failure_type or "unknown", result.reason, unlink_failed, provider=client.name)

    def _sales_panel_fail(self, failure_type, reason, unlink_failed=False, provider=None):
        sudo = self.sudo().with_context(sms_skip_msg_notification=True)
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
    def _sales_panel_delivery_report(self, company, message_id, status):
        """Apply a provider's delivery report; False when the message id is unknown."""
        state = providers.delivery_state(status)
        if not message_id or state == "pending":
            return bool(message_id)
        sms = self.sudo().search([("sms_provider_message_id", "=", message_id),
                                  ("company_id", "in", [company.id, False])])
        trackers = self.env["sms.tracker"].sudo().search([("sms_provider_message_id", "=", message_id)])
        records = self.env["crm.sms.after.call"].sudo().search([
            ("provider_message_id", "=", message_id), ("company_id", "=", company.id)])
        if not (sms or trackers or records):
            return False
        if state == "delivered":
            trackers._action_update_from_sms_state("sent")
            sms.write({"state": "sent"})
            records.write({"state": "delivered"})
        else:
            reason = f"not delivered (status {status})"
            trackers._action_update_from_provider_error("not_delivered")
            sms.write({"state": "error", "failure_type": "sms_not_delivered", "sms_provider_reason": reason})
            records.write({"state": "error", "reason": reason})
        return True
