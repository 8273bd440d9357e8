import datetime
import logging
import traceback

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib import calendar
from odoo.addons.crm_sales_base.lib.phone import is_mobile
from odoo.addons.crm_sales_base.lib.redact import redact

from ..lib import segments
from .crm_sms_kind import KINDS

_logger = logging.getLogger(__name__)

# A backfill of a historic CDR database must not text last year's callers.
MAX_CALL_AGE = datetime.timedelta(hours=24)

STATES = [
    ("pending", "To decide"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("unknown", "Outcome unknown"),
    ("error", "Error"),
    ("skipped", "Not sent"),
]
# sms.sms state → state of the after-call record.
SMS_TO_STATE = {"outgoing": "queued", "process": "queued", "pending": "sent", "sent": "delivered",
                "error": "error", "canceled": "error"}


class CrmSmsAfterCall(models.Model):
    """What a call led to: the SMS queued for it, or why none was (one record per call)."""

    _name = "crm.sms.after.call"
    _description = "SMS after a call"
    _order = "id desc"
    _rec_name = "call_id"

    call_id = fields.Many2one("crm.call", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(KINDS)
    kind_id = fields.Many2one("crm.sms.kind", "SMS kind", ondelete="set null")
    partner_id = fields.Many2one("res.partner", "Contact", index=True, ondelete="set null")
    user_id = fields.Many2one("res.users", "Agent", index=True, ondelete="set null")
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, ondelete="set null")
    company_id = fields.Many2one("res.company", required=True, index=True)
    state = fields.Selection(STATES, required=True, default="queued", index=True)
    reason = fields.Char(help="Why no SMS was sent, or the provider's answer to a failed one.")
    number = fields.Char()
    body = fields.Text("Text")
    parts = fields.Integer("SMS parts")
    scheduled_date = fields.Datetime("Send from")
    sms_id = fields.Many2one("sms.sms", "SMS", ondelete="set null", groups="base.group_system")
    sms_uuid = fields.Char("SMS UUID", index=True, copy=False)
    provider_message_id = fields.Char("Provider's message id", index=True, copy=False)

    _sql_constraints = [
        # The guard of "never twice": whatever calls the hook again, a call decides once.
        ("call_uniq", "unique(call_id)", "A call leads to one SMS decision."),
    ]

    # Deciding ---------------------------------------------------------------------------
    # The hook runs inside the CDR sync's batch transaction: it only notes the calls (one
    # INSERT), and the decisions run after the batch is committed, in the job's own
    # transaction, one savepoint per record. Whatever a decision raises, the calls stay
    # imported and the other records are decided.

    @api.model
    def _sales_panel_queue_for_calls(self, calls):
        """One record per ended call that may lead to an SMS (answered, not internal, long
        enough): "to decide" for recent calls, "not sent" with the reason for calls synced
        more than a day after they ended. Wakes the deciding job."""
        if not calls:
            return
        now = fields.Datetime.now()
        since = now - MAX_CALL_AGE
        late = _("The call was synced more than a day after it ended: no SMS is sent so late.")
        # calls were written by the ORM in tests and the live listener, by COPY in the sync.
        self.env["crm.call"].flush_model(
            ["is_answered", "direction", "talk_seconds", "end_date", "start_date", "company_id",
             "partner_id", "user_id", "team_id"])
        # One statement for a whole sync batch (mostly old calls in a backfill): records
        # created one by one through the ORM would slow the sync down.
        rows = self.env.execute_query(SQL(
            """INSERT INTO crm_sms_after_call (call_id, partner_id, user_id, team_id, company_id,
                                              state, reason, create_uid, write_uid, create_date, write_date)
               SELECT c.id, c.partner_id, c.user_id, c.team_id, c.company_id,
                      CASE WHEN COALESCE(c.end_date, c.start_date) < %(since)s THEN 'skipped' ELSE 'pending' END,
                      CASE WHEN COALESCE(c.end_date, c.start_date) < %(since)s THEN %(late)s END,
                      %(uid)s, %(uid)s, %(now)s, %(now)s
                 FROM unnest(%(ids)s::int[]) AS t(id)
                 JOIN crm_call c ON c.id = t.id
                 JOIN res_company co ON co.id = c.company_id
                WHERE c.is_answered AND c.direction != 'internal'
                  AND COALESCE(c.talk_seconds, 0) >= COALESCE(co.sms_min_talk_seconds, 0)
               ON CONFLICT (call_id) DO NOTHING
            RETURNING state""",
            since=since, late=late, uid=self.env.uid, now=now, ids=list(calls.ids)))
        self.invalidate_model()
        self.env["crm.call"].invalidate_model(["sms_after_call_ids"])
        if any(state == "pending" for (state,) in rows):
            cron = self.env.ref("crm_sms_after_call.ir_cron_sms_after_call_decide", raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()

    @api.model
    def _sales_panel_decide_pending(self, limit=500):
        """The deciding job: the records the calls left "to decide", each in its own
        savepoint (committed one by one by the job): a record whose decision raises is
        marked in error with the reason, the others and the other companies go on."""
        commit = self.env["sms.sms"]._sales_panel_may_commit()
        self.flush_model(["state"])
        # The deciding job and a manual run may overlap: each takes rows no other holds.
        rows = self.env.execute_query(SQL(
            "SELECT id FROM crm_sms_after_call WHERE state = 'pending' ORDER BY id LIMIT %s "
            "FOR UPDATE SKIP LOCKED", limit))
        records = self.sudo().browse([row[0] for row in rows])
        for record in records:
            # The job's commits released the first locks: taken again, one by one, and
            # skipped when another worker decided the record meanwhile.
            if commit and not self.env.execute_query(SQL(
                    "SELECT id FROM crm_sms_after_call WHERE id = %s AND state = 'pending' "
                    "FOR UPDATE SKIP LOCKED", record.id)):
                continue
            record.invalidate_recordset(["state"])
            if record.state != "pending":
                continue
            try:
                with self.env.cr.savepoint():
                    record._sales_panel_decide_one()
            except Exception as exc:  # one record must not stop the queue
                secrets = record.company_id._sms_secrets()
                _logger.error("SMS after call %s: the decision failed: %s", record.id,
                              redact(traceback.format_exc(), secrets))
                record.write({"state": "error", "reason": redact(
                    _("The decision failed: %(error)s", error=exc), secrets)[:500]})
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return records

    def _sales_panel_day_bounds(self, company, moment):
        """UTC naive bounds of the company's day holding ``moment`` (UTC naive)."""
        return calendar.day_bounds(moment, company._sales_panel_calendar()[0])

    def _sales_panel_choose_kind(self, call):
        """(kind, quotation) of a call by the precedence: quotation sent today > became a
        customer today > tier of the contact (its own, else its company's). ``kind`` is
        False when none applies; ``quotation`` is the order the text refers to."""
        partner = call.partner_id
        commercial = partner.commercial_partner_id
        day_start, day_stop = self._sales_panel_day_bounds(
            call.company_id, call.end_date or call.start_date)
        Order = self.env["sale.order"].sudo()
        orders = Order.search([("partner_id", "child_of", commercial.id),
                               ("company_id", "in", [call.company_id.id, False])], order="id desc")
        sent = orders.filtered(lambda o: o.state == "sent")
        if sent:
            # "Sent today": dated today, or anything logged on it today (the e-mail, the
            # state change to "Quotation sent").
            logged = set(self.env["mail.message"].sudo().search([
                ("model", "=", "sale.order"), ("res_id", "in", sent.ids),
                ("date", ">=", day_start), ("date", "<", day_stop)]).mapped("res_id"))
            today = sent.filtered(lambda o: day_start <= o.date_order < day_stop or o.id in logged)
            if today:
                return "quotation_sent", today[0]
        quotation = orders.filtered(lambda o: o.state in ("draft", "sent"))[:1]
        confirmed = orders.filtered(lambda o: o.state == "sale")
        if confirmed and day_start <= min(confirmed.mapped("date_order")) < day_stop:
            return "new_customer", quotation or confirmed.sorted("date_order", reverse=True)[0]
        for tier in (partner.tier, commercial.tier):
            if tier and tier != "none":
                return tier, quotation
        return False, quotation

    def _sales_panel_mobile(self, call):
        """(E.164 mobile number, reason it is missing)."""
        partner = call.partner_id
        numbers = [n for n in (partner.mobile_e164, partner.phone_e164, call.number_e164) if n]
        for number in numbers:
            if is_mobile(number):
                return number, ""
        if numbers:
            return False, _("Only a landline number (%(number)s): an SMS cannot reach it.",
                            number=numbers[0])
        return False, _("The contact has no mobile number.")

    def _sales_panel_values(self, call, quotation, lang):
        partner = call.partner_id
        tiers = dict(partner.with_context(lang=lang)._fields["tier"]._description_selection(
            partner.with_context(lang=lang).env))
        tier = partner.tier if partner.tier not in (False, "none") else partner.commercial_partner_id.tier
        return {
            "name": partner.name or "",
            "agent": call.user_id.name or "",
            "company": call.company_id.name or "",
            "quotation": quotation.name if quotation else "",
            # As the company shows amounts (in tomans when it says so), in the customer's language.
            "amount": call.company_id.with_context(lang=lang)._sales_panel_format_amount(
                quotation.amount_total, quotation.currency_id) if quotation else "",
            "tier": tiers.get(tier, "") if tier and tier != "none" else "",
            # Days of the company's calendar (1405/09/10 in a Solar Hijri company).
            "date": self._sales_panel_day(call.company_id, call.end_date or call.start_date),
            "quotation_date": self._sales_panel_day(call.company_id, quotation.date_order) if quotation else "",
        }

    @api.model
    def _sales_panel_day(self, company, moment):
        """The local day of the naive UTC ``moment`` as the company's calendar writes it."""
        if not moment:
            return ""
        tz_name = company._sales_panel_calendar()[0]
        return calendar.format_date(calendar.to_local(moment, tz_name), company.sales_panel_calendar)

    def _sales_panel_scheduled(self, company, kind, call):
        moment = max(call.end_date or call.start_date, self.env["sms.sms"]._sales_panel_now()) \
            + datetime.timedelta(minutes=kind.delay_minutes)
        return self.env["sms.sms"]._sales_panel_out_of_quiet_hours(company, moment)

    def _sales_panel_decide_one(self):
        """Queue the SMS of the record's call, or record why there is none."""
        self.ensure_one()
        call = self.call_id
        company, partner = call.company_id, call.partner_id

        def skip(reason, **values):
            self.write(dict(state="skipped", reason=reason, **values))
            return self

        if not partner:
            return skip(_("The number matches no contact."))
        kind_code, quotation = self._sales_panel_choose_kind(call)
        if not kind_code:
            return skip(_("No SMS kind applies: no quotation sent today, not a new customer, no tier."))
        kind = self.env["crm.sms.kind"]._for_company(company).get(kind_code)
        values = {"kind": kind_code, "kind_id": kind.id if kind else False}
        if not kind or not kind.enabled:
            return skip(_("The “%(kind)s” SMS is turned off.", kind=dict(
                self._fields["kind"]._description_selection(self.env))[kind_code]), **values)
        number, missing = self._sales_panel_mobile(call)
        if not number:
            return skip(missing, **values)
        values["number"] = number
        if self.env["phone.blacklist"].sudo().search_count([("number", "=", number)]):
            return skip(_("The number %(number)s is blacklisted.", number=number), **values)
        if kind.min_days_between:
            since = fields.Datetime.now() - datetime.timedelta(days=kind.min_days_between)
            if self.search_count([("partner_id", "=", partner.id), ("kind", "=", kind_code),
                                  ("state", "in", ("queued", "sent", "delivered")),
                                  ("create_date", ">=", since)]):
                return skip(_("This contact already got this SMS in the last %(days)s days.",
                              days=kind.min_days_between), **values)
        lang = partner.lang or self.env.lang or "en_US"
        body = kind.with_context(lang=lang)._render(self._sales_panel_values(call, quotation, lang))
        scheduled = self._sales_panel_scheduled(company, kind, call)
        # Through the partner's chatter: the message, its SMS notification (status icon,
        # resend wizard) and the sms.sms in the stock queue, held until ``scheduled``.
        author = call.user_id.partner_id or self.env.user.partner_id
        message = partner.with_context(mail_create_nosubscribe=True, lang=lang)._message_sms(
            body, partner_ids=[partner.id], sms_pid_to_number={partner.id: number},
            put_in_queue=True, author_id=author.id)
        sms = self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)], limit=1)
        sms.write({"company_id": company.id, "sms_next_try": scheduled, "sms_quiet_hours": True})
        self.write(dict(
            **values, state="queued", body=body, parts=segments.count(body).parts,
            scheduled_date=scheduled, sms_id=sms.id, sms_uuid=sms.uuid))
        return self

    # Following the SMS --------------------------------------------------------------------

    @api.model
    def _sales_panel_follow(self, sms_records):
        """Bring the records of these SMS up to date with them."""
        if not sms_records:
            return
        records = self.sudo().search([("sms_uuid", "in", sms_records.mapped("uuid"))])
        by_uuid = {sms.uuid: sms for sms in sms_records}
        for record in records:
            sms = by_uuid[record.sms_uuid]
            if sms.state == "process" and sms.sms_outcome_unknown:
                state = "unknown"
            else:
                state = SMS_TO_STATE.get(sms.state, record.state)
            values = {"state": state, "provider_message_id": sms.sms_provider_message_id or False,
                      "scheduled_date": sms.sms_next_try or record.scheduled_date}
            if state == "error":
                values["reason"] = sms.sms_provider_reason or dict(
                    sms._fields["failure_type"]._description_selection(self.env)).get(sms.failure_type)
            elif sms.sms_provider_reason:
                values["reason"] = sms.sms_provider_reason
            if values.get("reason"):
                # Agents read these: never a gateway's key or password (issue 15).
                values["reason"] = redact(values["reason"], record.company_id._sms_secrets())
            record.write(values)

    # A manager settles an SMS whose outcome is unknown ---------------------------------------

    def _sales_panel_unknown_sms(self):
        """The SMS of ``self`` (unknown outcome), after the manager check."""
        # The SMS section at "all" (#18): who sees every SMS settles them.
        if not (self.env.su or self.env.user.has_group("crm_sales_base.group_section_sms_all")):
            raise AccessError(_("Only users whose role gives the SMS section at the level “All” decide what "
                                "became of an SMS."))
        self.check_access("read")  # the record rules: their companies' records
        if self.filtered(lambda r: r.state != "unknown"):
            raise UserError(_("Only SMS whose outcome is unknown are settled by hand."))
        return self.sudo().sms_id.filtered(lambda s: s.state == "process")

    def action_sms_confirm_sent(self):
        """The customer got it (the gateway's panel says so): sent, never sent again."""
        self._sales_panel_unknown_sms()._sales_panel_settle_by_hand(sent=True)
        return True

    def action_sms_confirm_not_sent(self):
        """The gateway never sent it: back in the queue, sent at its next run."""
        self._sales_panel_unknown_sms()._sales_panel_settle_by_hand(sent=False)
        return True
