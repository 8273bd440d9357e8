from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_sales_base.models.res_partner import TEMPERATURES

NEXT_STEPS = [("quotation", "Quotation"), ("call", "Call back"), ("email", "Email"), ("meeting", "Meeting")]
# The event a next step schedules: its activity type, the record linking it to the call,
# and how long its calendar slot is (hours). A meeting's length is the agent's choice.
STEP_ACTIVITY_TYPES = {"call": "mail.mail_activity_data_call", "email": "mail.mail_activity_data_email",
                       "meeting": "mail.mail_activity_data_meeting"}
STEP_LINKS = {"quotation": "next_step_order_id", "call": "next_step_activity_id",
              "email": "next_step_activity_id", "meeting": "next_step_activity_id"}
REMINDER_HOURS = 0.25
# Written by the after-call wizard only (see _sales_panel_check_fields): the step a call
# records is one that exists.
NEXT_STEP_FIELDS = frozenset({"next_step", "next_step_order_id", "next_step_activity_id",
                              "next_step_event_id", "next_step_required", "temperature"})
# Calls that reach Odoo later than this after they ended (a first import of the PBX's
# history, a CDR source that was down for days) ask for no step: nobody remembers them.
STEP_MAX_AGE = timedelta(days=1)
# A date "now" typed in the wizard is a few seconds past when it is saved.
PAST_TOLERANCE = timedelta(minutes=5)


class CrmCall(models.Model):
    """The after-call step (T7): a call that requires one is closed (``after_call_done``)
    only once the agent recorded a quotation, a call-back, an email or a meeting."""

    _name = "crm.call"
    # The events of a call with an unknown caller are scheduled on the call itself.
    _inherit = ["crm.call", "mail.activity.mixin"]

    next_step_required = fields.Boolean(
        "Next step required", readonly=True, copy=False,
        help="Set when the call ended, from the company's setting of which calls require a next step.")
    next_step = fields.Selection(NEXT_STEPS, readonly=True, copy=False, tracking=True)
    next_step_order_id = fields.Many2one("sale.order", "Quotation", readonly=True, copy=False,
                                         ondelete="set null")
    next_step_activity_id = fields.Many2one("mail.activity", "Scheduled event", readonly=True, copy=False,
                                            ondelete="set null")
    next_step_event_id = fields.Many2one("calendar.event", "Calendar event", readonly=True, copy=False,
                                         ondelete="set null")
    temperature = fields.Selection(
        TEMPERATURES, "Lead temperature", readonly=True, copy=False,
        help="What the agent judged the new contact at this call (T6); also set on the contact.")
    after_call_done = fields.Boolean(
        "After-call step done", compute="_compute_after_call_done", search="_search_after_call_done",
        help="The call requires no next step, or its next step is recorded.")

    def init(self):
        result = super().init()
        # The nag (an agent's calls still awaiting their step) is read at every pop and
        # journal load: only the few awaiting calls are indexed.
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS crm_call_next_step_awaiting_idx ON crm_call (user_id) "
            "WHERE next_step_required AND next_step IS NULL"))
        return result

    @api.depends("next_step_required", "next_step")
    def _compute_after_call_done(self):
        for call in self:
            call.after_call_done = not call.next_step_required or bool(call.next_step)

    def _search_after_call_done(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Operation not supported"))
        awaiting = ["&", ("next_step_required", "=", True), ("next_step", "=", False)]
        return ["!", *awaiting] if (operator == "=") == value else awaiting

    @api.constrains("next_step", "next_step_order_id", "next_step_activity_id")
    def _check_next_step_link(self):
        for call in self.filtered("next_step"):
            if not call[STEP_LINKS[call.next_step]]:
                raise ValidationError(_("A call's next step must be a quotation or an event that exists."))

    def _sales_panel_check_fields(self, fnames, creating=False):
        result = super()._sales_panel_check_fields(fnames, creating=creating)
        if not self.env.su and NEXT_STEP_FIELDS.intersection(fnames):
            raise AccessError(_("A call's next step is recorded with the after-call step only."))
        return result

    def _sales_panel_on_call_ended(self):
        result = super()._sales_panel_on_call_ended()
        required = self._sales_panel_requiring_next_step()
        if required:
            required.sudo().write({"next_step_required": True})
        return result

    def _sales_panel_requiring_next_step(self):
        """Those of these calls, just ended, that require a next step: the company says
        which kinds of calls do; missed incoming and internal calls never do, nor calls with
        no agent or that ended long before they reached Odoo (STEP_MAX_AGE). One query for
        the set: the CDR sync asks it for thousands of calls per batch."""
        if not self:
            return self
        since = fields.Datetime.now() - STEP_MAX_AGE
        return self.sudo().search([
            ("id", "in", self.ids),
            ("user_id", "!=", False),
            "|", ("end_date", ">=", since), "&", ("end_date", "=", False), ("start_date", ">=", since),
            "|", "|",
            "&", "&", ("direction", "=", "incoming"), ("is_answered", "=", True),
            ("company_id.sales_panel_next_step_incoming", "=", True),
            "&", "&", ("direction", "=", "outgoing"), ("is_answered", "=", True),
            ("company_id.sales_panel_next_step_outgoing", "=", True),
            "&", "&", ("direction", "=", "outgoing"), ("is_answered", "=", False),
            ("company_id.sales_panel_next_step_unanswered", "=", True),
        ]).with_env(self.env)

    def _sales_panel_check_step_access(self):
        """The after-call step of a call is its agent's; a manager may record it for them.
        Checked on the server: the button is an RPC method anyone logged in can call."""
        self._sales_panel_check_call_access()
        if self.env.su or self.env.user.has_group("crm_sales_base.group_section_calls_all"):
            return
        if any(call.user_id != self.env.user for call in self):
            raise AccessError(_("Only the call's agent records its next step."))

    def action_sales_panel_next_step(self):
        """The after-call step's wizard for this call (opened by the pop card at hang-up
        and by the call's form)."""
        self.ensure_one()
        self._sales_panel_check_step_access()
        self.env["crm.call.next.step"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": _("Next step"),
            "res_model": "crm.call.next.step",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_call_id": self.id, "dialog_size": "medium"},
        }

    @api.model
    def sales_panel_awaiting_next_step(self, limit=20):
        """The current user's calls still awaiting their next step, latest first, for the
        pop and the journal to nag about: [{id, number, partner, start}]."""
        self.check_access("read")
        try:
            limit = min(max(int(limit), 1), 100)
        except (TypeError, ValueError):
            limit = 20
        calls = self.search([("user_id", "=", self.env.uid), ("after_call_done", "=", False)], limit=limit)
        return [{"id": call.id, "number": call.number_raw or "", "partner": call.partner_id.display_name or "",
                 "start": fields.Datetime.to_string(call.start_date)} for call in calls]


class CrmCallNextStep(models.TransientModel):
    """What the agent does after a call: the lead temperature of a new contact (T6) and
    the next step (T7), a quotation or an event (T8) on the contact or, with no contact,
    on the call."""

    _name = "crm.call.next.step"
    _description = "Next step after a call"

    call_id = fields.Many2one("crm.call", required=True, ondelete="cascade")
    # Read as the user, not as superuser (related fields would be): a call one may not see
    # shows nothing, even in a new wizard's onchange.
    partner_id = fields.Many2one("res.partner", "Contact", compute="_compute_call_values")
    user_id = fields.Many2one("res.users", "Assigned to", compute="_compute_call_values")
    ask_temperature = fields.Boolean(compute="_compute_call_values")
    temperature = fields.Selection(TEMPERATURES, "Lead temperature")
    step = fields.Selection(NEXT_STEPS, "Next step")
    date_start = fields.Datetime(
        "When", default=lambda self: fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        + timedelta(days=1))
    duration = fields.Float(default=1.0, help="Of the meeting, in hours.")
    summary = fields.Char()
    alarm_ids = fields.Many2many(
        "calendar.alarm", string="Reminders",
        default=lambda self: self.env.ref("calendar.alarm_notif_1", raise_if_not_found=False))

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards.call_id._sales_panel_check_step_access()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if "call_id" in vals:
            self.call_id._sales_panel_check_step_access()
        return result

    @api.depends("call_id")
    def _compute_call_values(self):
        for wizard in self:
            call = wizard.call_id
            # Another agent's customer who called this agent is not theirs to mark or to
            # quote: the call's events are then scheduled on the call itself.
            partner = call.partner_id._filtered_access("write")
            wizard.partner_id = partner
            wizard.user_id = call.user_id or self.env.user
            # A new contact is one nobody judged yet: made from the pop, or never marked.
            wizard.ask_temperature = bool(partner) and not partner.temperature

    def _sales_panel_validate(self):
        if not self.step:
            raise UserError(_("Choose the next step: a quotation, a call-back, an email or a meeting."))
        if self.ask_temperature and not self.temperature:
            raise UserError(_("Mark the new contact's lead temperature: hot, normal or junk."))
        if self.step == "quotation" and not self.partner_id:
            raise UserError(_("A quotation needs a contact: create the caller's contact first."))
        if self.step != "quotation":
            if not self.date_start:
                raise UserError(_("Give the date and time of the %s.", self._step_label()))
            if self.date_start < fields.Datetime.now() - PAST_TOLERANCE:
                raise UserError(_("The %s cannot be in the past.", self._step_label()))
            if self.step == "meeting" and self.duration <= 0:
                raise UserError(_("A meeting lasts some time: give its duration."))

    def _step_label(self):
        return dict(self._fields["step"]._description_selection(self.env))[self.step]

    def action_apply(self):
        self.ensure_one()
        self.check_access("write")  # one's own wizard (record rule)
        call = self.call_id
        call._sales_panel_check_step_access()
        if call.next_step:
            raise UserError(_("This call's next step is already recorded: %s.",
                              dict(call._fields["next_step"]._description_selection(self.env))[call.next_step]))
        self._sales_panel_validate()
        values = {"next_step": self.step}
        if self.temperature:
            # As the user: marking a contact needs the right to change it.
            self.partner_id.write({"temperature": self.temperature})
            values["temperature"] = self.temperature
        if self.step == "quotation":
            order = self.env["sale.order"].create({"partner_id": self.partner_id.id, "user_id": self.user_id.id})
            values["next_step_order_id"] = order.id
            action = {
                "type": "ir.actions.act_window", "res_model": "sale.order", "res_id": order.id,
                "view_mode": "form", "views": [(False, "form")], "target": "current",
            }
        else:
            event = self._sales_panel_create_event()
            values.update(next_step_activity_id=event.activity_ids[:1].id, next_step_event_id=event.id)
            action = {"type": "ir.actions.act_window_close"}
        # Checked above as the user; the call's next-step fields are written by this wizard only.
        call.sudo().write(values)
        return action

    def _sales_panel_create_event(self):
        """The step's event: an activity (call, email or meeting) on the contact (or the
        call, for an unknown caller), assigned to the call's agent, with its calendar slot
        carrying the reminders (stock calendar alarms). A meeting invites the contact."""
        record = self.partner_id or self.call_id
        user = self.user_id
        hours = self.duration if self.step == "meeting" else REMINDER_HOURS
        tz = pytz.timezone(user.tz or self.call_id.company_id.sales_panel_timezone or "UTC")
        deadline = pytz.utc.localize(self.date_start).astimezone(tz).date()
        name = self.summary or _("%(step)s: %(who)s", step=self._step_label(),
                                 who=record.display_name)
        attendees = user.partner_id | (self.partner_id if self.step == "meeting" else self.env["res.partner"])
        model = self.env["ir.model"]._get_id(record._name)
        # The calendar keeps the activity's day in step with the slot, in the context's
        # timezone: the assignee's, whoever's browser records the step.
        return self.env["calendar.event"].with_context(tz=tz.zone).create({
            "name": name,
            "start": self.date_start,
            "stop": self.date_start + timedelta(hours=hours),
            "duration": hours,
            "user_id": user.id,
            "partner_ids": [(6, 0, attendees.ids)],
            "alarm_ids": [(6, 0, self.alarm_ids.ids)],
            "res_model_id": model,
            "res_id": record.id,
            "activity_ids": [(0, 0, {
                "activity_type_id": self.env.ref(STEP_ACTIVITY_TYPES[self.step]).id,
                "summary": name,
                "user_id": user.id,
                "res_model_id": model,
                "res_id": record.id,
                "date_deadline": deadline,
            })],
        })
