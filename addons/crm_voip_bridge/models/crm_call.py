import os

import pytz

from odoo import _, api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.phone import is_mobile

DIRECTIONS = [("incoming", "Incoming"), ("outgoing", "Outgoing"), ("internal", "Internal")]
DISPOSITIONS = [
    ("answered", "Answered"),
    ("no_answer", "No answer"),
    ("voicemail", "Voicemail left"),
    ("busy", "Busy"),
    ("failed", "Failed"),
    ("congestion", "Congestion"),
    ("unknown", "Unknown"),
]


def outcome(disposition, talk_seconds, successful_seconds):
    """(answered, successful) of a call: answered with talk time, successful from the
    company's threshold on."""
    answered = disposition == "answered" and talk_seconds > 0
    return answered, answered and talk_seconds >= successful_seconds


class CrmCall(models.Model):
    """A call as a person saw it: the legs of one Asterisk ``linkedid``."""

    _name = "crm.call"
    _description = "Call"
    _order = "start_date desc, id desc"
    _rec_name = "number_raw"

    # Indexes are chosen for the reads that need them (see init()); every other index would
    # slow down the sync's inserts.
    source_id = fields.Many2one("crm.cdr.source", "CDR source", ondelete="restrict")
    linkedid = fields.Char("Linked ID", required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", "Contact", ondelete="set null")
    user_id = fields.Many2one("res.users", "Agent", ondelete="set null")
    team_id = fields.Many2one("crm.team", "Sales Team", index="btree_not_null", ondelete="set null")
    direction = fields.Selection(DIRECTIONS, required=True)
    disposition = fields.Selection(DISPOSITIONS, required=True, default="unknown")
    start_date = fields.Datetime("Start", required=True, index=True)
    answer_date = fields.Datetime("Answered at")
    end_date = fields.Datetime("End")
    ring_seconds = fields.Integer("Ring time (s)")
    talk_seconds = fields.Integer("Talk time (s)", help="Billed seconds (billsec) of the answered legs.")
    is_answered = fields.Boolean("Answered", compute="_compute_outcome", store=True)
    is_successful = fields.Boolean(
        "Successful", compute="_compute_outcome", store=True,
        help="Answered, with a talk time of at least the company's threshold.",
    )
    number_raw = fields.Char("Number", help="The other party's number as the PBX wrote it.")
    number_e164 = fields.Char("Number (E.164)", index="btree_not_null")
    did = fields.Char("DID")
    recording_file = fields.Char("Recording file")
    has_recording = fields.Boolean(compute="_compute_has_recording", store=True)
    description = fields.Text(help="What was said; written by the agent.")
    leg_ids = fields.One2many("crm.call.leg", "call_id", "Legs")

    _sql_constraints = [
        ("source_linkedid_uniq", "unique(source_id, linkedid)", "A call is stored once per CDR source."),
    ]

    def init(self):
        # The journal, dashboards and profiles read calls per agent or per contact over time;
        # (source_id, linkedid) is the unique constraint's index.
        for column in ("user_id", "partner_id"):
            self.env.cr.execute(SQL(
                "CREATE INDEX IF NOT EXISTS %s ON crm_call (%s, start_date DESC)",
                SQL.identifier(f"crm_call_{column}_start_idx"), SQL.identifier(column),
            ))

    # Days whose figures change are rolled up again (crm.call.day); the sync's COPY marks its own.
    STATS_FIELDS = {"company_id", "user_id", "team_id", "direction", "disposition", "start_date", "talk_seconds"}

    def _sales_panel_mark_days(self):
        Day = self.env["crm.call.day"]
        for company in self.company_id:
            Day._sales_panel_mark(company, self.filtered(lambda c, co=company: c.company_id == co).mapped("start_date"))

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        calls._sales_panel_mark_days()
        return calls

    def write(self, vals):
        if self.STATS_FIELDS.isdisjoint(vals):
            return super().write(vals)
        self._sales_panel_mark_days()
        result = super().write(vals)
        self._sales_panel_mark_days()
        return result

    def unlink(self):
        self._sales_panel_mark_days()
        return super().unlink()

    @api.depends("disposition", "talk_seconds", "company_id.sales_panel_successful_seconds")
    def _compute_outcome(self):
        for call in self:
            call.is_answered, call.is_successful = outcome(
                call.disposition, call.talk_seconds, call.company_id.sales_panel_successful_seconds)

    @api.depends("recording_file")
    def _compute_has_recording(self):
        for call in self:
            call.has_recording = bool(call.recording_file)

    def _sales_panel_recording_location(self):
        """Where the recording of this call is: ``("path", absolute path)`` of an existing
        file inside the source's recordings directory, ``("url", url, auth)``, or None.
        Paths from the CDR never leave the recordings directory."""
        self.ensure_one()
        source = self.source_id.sudo()
        name = self.recording_file
        if not name or not source or source.recording_mode == "none":
            return None
        local = pytz.utc.localize(self.start_date).astimezone(
            pytz.timezone(source.pbx_timezone or "UTC"))
        parts = {"year": f"{local:%Y}", "month": f"{local:%m}", "day": f"{local:%d}"}
        if source.recording_mode == "url":
            url = source.recording_url.format(file=name.lstrip("/"), **parts)
            auth = (source.recording_login, source.recording_password or "") \
                if source.recording_login else None
            return ("url", url, auth)
        root = os.path.realpath(source.recording_dir or "/")
        # Issabel stores a full path, FreePBX the bare name under YYYY/MM/DD of the call.
        candidates = [name] if os.path.isabs(name) else [
            os.path.join(root, parts["year"], parts["month"], parts["day"], name),
            os.path.join(root, name)]
        for candidate in candidates:
            path = os.path.realpath(candidate)
            if os.path.commonpath([root, path]) == root and os.path.isfile(path):
                return ("path", path)
        return None

    def action_create_contact(self):
        """An anonymous caller becomes a contact; saving it links its past calls."""
        self.ensure_one()
        mobile = is_mobile(self.number_e164)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_mobile" if mobile else "default_phone": self.number_e164 or self.number_raw,
                "default_user_id": self.user_id.id or self.env.uid,
            },
        }

    def action_add_number_to_contact(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add the number to a contact"),
            "res_model": "crm.call.number.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_call_id": self.id},
        }

    def _sales_panel_on_call_ended(self):
        """Called once per call, in the transaction that first stores it as ended (CDR sync
        now, the live listener later), never again when the same call is synced twice.
        Follow-ups, SMS and the like override it and call super()."""
        return None
