from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

EVENT_STATES = [("open", "Open"), ("in_progress", "In progress"), ("done", "Done"),
                ("cancelled", "Cancelled"), ("unreachable", "Unreachable")]
# A closed event is archived, never deleted: the history stays (like Odoo's "Keep Done").
CLOSED_STATES = frozenset({"done", "cancelled", "unreachable"})
# The events of the call screen (T8): activities of these types follow the assignee rule
# for Odoo's own "mark done" too. Addons add their types with _sales_panel_event_types().
EVENT_TYPES = ("mail.mail_activity_data_call", "mail.mail_activity_data_email",
               "mail.mail_activity_data_meeting")


class MailActivity(models.Model):
    """Events (T8): an activity's progress beyond Odoo's planned/done. Open and in
    progress are live activities; done (Odoo's "mark done"), cancelled and unreachable are
    archived with their state. Only the assignee or a Sales Panel manager changes it."""

    _inherit = "mail.activity"

    sales_panel_state = fields.Selection(
        EVENT_STATES, "Progress", default="open", required=True, copy=False, index=True,
        help="Open and in progress: still to do. Done, cancelled and unreachable: closed, kept in the history.")
    sales_panel_is_event = fields.Boolean(
        "Event", compute="_compute_sales_panel_is_event", search="_search_sales_panel_is_event",
        help="Of an event type (calls, emails, meetings): only its assignee or a user whose role gives the Calls "
             "and recordings section at “All” closes it.")

    @api.model
    def _sales_panel_event_types(self):
        """The activity types of events; addons extend it with theirs."""
        return self.env["mail.activity.type"].browse(
            type_.id for xmlid in EVENT_TYPES if (type_ := self.env.ref(xmlid, raise_if_not_found=False)))

    @api.depends("activity_type_id")
    def _compute_sales_panel_is_event(self):
        types = self._sales_panel_event_types()
        for activity in self:
            activity.sales_panel_is_event = activity.activity_type_id in types

    def _search_sales_panel_is_event(self, operator, value):
        # A boolean's filters: "=" or "!=" True or False.
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Operator {operator} is not supported on sales_panel_is_event")
        positive = (operator == "=") == bool(value)
        return [("activity_type_id", "in" if positive else "not in", self._sales_panel_event_types().ids)]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("sales_panel_state", "open") != "open" for vals in vals_list):
            raise AccessError(_("An activity starts open; its progress changes with its buttons only."))
        return super().create(vals_list)

    def write(self, vals):
        # The progress moves with the action methods only (they check the assignee and stop
        # the reminders, then write as superuser): a direct write would skip both.
        if "sales_panel_state" in vals and not self.env.su:
            raise AccessError(_("An activity's progress changes with its buttons only."))
        return super().write(vals)

    def _sales_panel_may_change(self):
        """The activities of ``self`` whose progress the current user may change: all for
        a manager (the calls section at "all": the events are the call screen's, #18),
        else those assigned to them."""
        if self.env.user.has_group("crm_sales_base.group_section_calls_all"):
            return self
        return self.filtered(lambda activity: activity.user_id == self.env.user)

    def _sales_panel_check_assignee(self):
        """Only the assignee or a manager changes an event's progress (checked on the
        server: these are RPC methods anyone logged in can call)."""
        self.check_access("read")
        if self - self._sales_panel_may_change():
            raise AccessError(_("Only the person an activity is assigned to, or a user whose role gives the "
                                "Calls and recordings section at the level “All”, changes its progress."))

    def _sales_panel_set_state(self, state):
        self._sales_panel_check_assignee()
        closed = self.filtered(lambda activity: not activity.active)
        if closed:
            raise UserError(_("These activities are already closed: %s.", ", ".join(closed.mapped("display_name"))))
        values = {"sales_panel_state": state}
        if state in CLOSED_STATES:
            values["active"] = False
            self._sales_panel_stop_reminders(state)
        # Checked above; the assignee may close an activity on a record they may not change,
        # as Odoo's own "mark done" allows.
        self.sudo().write(values)
        return True

    def _sales_panel_stop_reminders(self, state):
        """A closed event's reminders stop: the calendar slot of a cancelled or unreachable
        event is archived, and so is the future slot of a call or email done early (the
        slot is only its reminder; a meeting that took place stays in the calendar)."""
        meeting = self.env.ref("mail.mail_activity_data_meeting", raise_if_not_found=False)
        now = fields.Datetime.now()
        events = self.filtered(lambda activity: state != "done" or activity.activity_type_id != meeting) \
            .calendar_event_id.filtered(lambda event: event.active and (state != "done" or event.start > now))
        events.sudo().write({"active": False})

    def action_sales_panel_start(self):
        """The assignee started working on it (calling, writing)."""
        return self._sales_panel_set_state("in_progress")

    def action_sales_panel_cancel(self):
        """Not done and no longer to do; kept in the history, its reminders stopped."""
        return self._sales_panel_set_state("cancelled")

    def action_sales_panel_unreachable(self):
        """The customer could not be reached; kept in the history, its reminders stopped."""
        return self._sales_panel_set_state("unreachable")

    def _action_done(self, feedback=False, attachment_ids=None):
        if not self.env.su:
            self.filtered("sales_panel_is_event")._sales_panel_check_assignee()
        self.sudo().write({"sales_panel_state": "done"})
        self._sales_panel_stop_reminders("done")
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
