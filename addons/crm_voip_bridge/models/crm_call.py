import os
import urllib.parse

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
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
# Recordings are served as these types only, chosen by the file's extension (never by what
# the file or the PBX's web server says it is).
AUDIO_TYPES = {
    ".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg",
    ".opus": "audio/ogg", ".gsm": "audio/x-gsm", ".flac": "audio/flac", ".m4a": "audio/mp4",
    ".webm": "audio/webm",
}
# What a recording's name from the CDR may not hold when it goes into the PBX's URL: it
# would leave the template's directory ("/", ".."), or end the path ("?", "#").
URL_REFUSED = ("/", "\\", "..", "?", "#")
# Where a call comes from: written by the CDR sync only, not even by managers (the
# recording's location comes from the PBX's record alone).
CDR_FIELDS = frozenset({"source_id", "linkedid", "recording_file", "leg_ids",
                        "sales_panel_corrected_fields"})
# The figures the sync writes again when later rows of a call arrive (a transfer, the
# nightly re-read): one a manager corrected keeps the manager's value.
SYNCED_FIELDS = frozenset({
    "direction", "disposition", "start_date", "answer_date", "end_date", "ring_seconds",
    "talk_seconds", "number_raw", "number_e164", "did", "user_id", "team_id", "partner_id",
})


def outcome(disposition, talk_seconds, successful_seconds):
    """(answered, successful) of a call: answered with talk time, successful from the
    company's threshold on."""
    answered = disposition == "answered" and talk_seconds > 0
    return answered, answered and talk_seconds >= successful_seconds


def audio_type(name):
    """The audio type a recording named so is served as, or None: not a recording."""
    return AUDIO_TYPES.get(os.path.splitext(name or "")[1].lower())


class CrmCall(models.Model):
    """A call as a person saw it: the legs of one Asterisk ``linkedid``.

    The PBX's record: agents and marketers write what was said (description), managers
    correct the figures (kept in the chatter), the CDR sync writes the rest."""

    _name = "crm.call"
    _inherit = ["mail.thread"]
    _description = "Call"
    _order = "start_date desc, id desc"
    _rec_name = "number_raw"

    # Indexes are chosen for the reads that need them (see init()); every other index would
    # slow down the sync's inserts.
    source_id = fields.Many2one("crm.cdr.source", "CDR source", ondelete="restrict")
    linkedid = fields.Char("Linked ID", required=True)
    # The figures managers may correct are tracked: a correction stays in the call's chatter.
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company,
                                 tracking=True)
    partner_id = fields.Many2one("res.partner", "Contact", ondelete="set null", tracking=True)
    user_id = fields.Many2one("res.users", "Agent", ondelete="set null", tracking=True)
    team_id = fields.Many2one("crm.team", "Sales Team", index="btree_not_null", ondelete="set null",
                              tracking=True)
    direction = fields.Selection(DIRECTIONS, required=True, tracking=True)
    disposition = fields.Selection(DISPOSITIONS, required=True, default="unknown", tracking=True)
    start_date = fields.Datetime("Start", required=True, index=True, tracking=True)
    answer_date = fields.Datetime("Answered at", tracking=True)
    end_date = fields.Datetime("End", tracking=True)
    ring_seconds = fields.Integer("Ring time (s)", tracking=True)
    talk_seconds = fields.Integer(
        "Talk time (s)", help="Seconds agents spoke with the other party, each conversation once.",
        tracking=True)
    is_answered = fields.Boolean("Answered", compute="_compute_outcome", store=True)
    is_successful = fields.Boolean(
        "Successful", compute="_compute_outcome", store=True,
        help="Answered, with a talk time of at least the company's threshold.",
    )
    number_raw = fields.Char("Number", help="The other party's number as the PBX wrote it.", tracking=True)
    number_e164 = fields.Char("Number (E.164)", index="btree_not_null", tracking=True)
    did = fields.Char("DID", tracking=True)
    recording_file = fields.Char("Recording file")
    has_recording = fields.Boolean(compute="_compute_has_recording", store=True)
    description = fields.Text(help="What was said; written by the agent.")
    leg_ids = fields.One2many("crm.call.leg", "call_id", "Legs")
    # Managers correct the figures (see _sales_panel_check_fields); the form follows.
    sales_panel_can_correct = fields.Boolean(
        "Can correct the figures", compute="_compute_sales_panel_can_correct")
    sales_panel_corrected_fields = fields.Char(
        "Corrected by hand", readonly=True, copy=False,
        help="Figures corrected by a user whose role gives the Calls and recordings section at the "
             "level “All”: later rows of the call from the PBX leave them as they are.")

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

    def _sales_panel_agent_fields(self):
        """Fields agents and marketers may write on the calls they see; addons that give
        them more to write (temperature, next step) add theirs with super()."""
        return {"description"}

    def _sales_panel_check_fields(self, fnames, creating=False):
        """Who may write what, checked on the server (read-only in the views is no
        protection against RPC): the CDR sync (superuser) everything; managers all but
        where the call comes from (``CDR_FIELDS``; a call made by hand may be keyed with a
        linkedid); everyone else what ``_sales_panel_agent_fields`` lists."""
        if self.env.su:
            return
        # The chatter's own fields (followers, attachments) follow mail's rules.
        fnames = set(fnames) - set(self.env["mail.thread"]._fields)
        if self.env.user.has_group("crm_sales_base.group_section_calls_all"):
            refused = fnames & (CDR_FIELDS - {"linkedid"} if creating else CDR_FIELDS)
        else:
            refused = fnames - self._sales_panel_agent_fields()
        if refused:
            raise AccessError(_(
                "These come from the PBX's call record and cannot be changed here: %(fields)s.",
                fields=", ".join(sorted(self._fields[name]._description_string(self.env)
                                        if name in self._fields else name for name in refused))))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sales_panel_check_fields(vals, creating=True)
        calls = super().create(vals_list)
        calls._sales_panel_mark_days()
        return calls

    def write(self, vals):
        self._sales_panel_check_fields(vals)
        # The figures a person corrected (only managers may, see _sales_panel_check_fields)
        # are remembered: the sync no longer overwrites them.
        corrected = set() if self.env.su else SYNCED_FIELDS.intersection(vals)
        for call in self if corrected else ():
            kept = set(filter(None, (call.sales_panel_corrected_fields or "").split(",")))
            if not corrected <= kept:
                super(CrmCall, call).write({"sales_panel_corrected_fields": ",".join(sorted(kept | corrected))})
        # sales_panel_days_marked: the caller marked the calls' days itself, once for many
        # calls, and does not move their start (the live service).
        if self.STATS_FIELDS.isdisjoint(vals) or self.env.context.get("sales_panel_days_marked"):
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

    @api.depends_context("uid")
    def _compute_sales_panel_can_correct(self):
        self.sales_panel_can_correct = self.env.user.has_group("crm_sales_base.group_section_calls_all")

    @api.depends("recording_file")
    def _compute_has_recording(self):
        for call in self:
            call.has_recording = bool(call.recording_file)

    def _sales_panel_recording_location(self):
        """Where the recording of this call is: ``("path", absolute path, audio type)`` of
        an existing file inside the source's recordings directory, ``("url", url, auth,
        audio type)``, or None. The name comes from the CDR alone (nobody else may write
        it) and is an audio file's; it never leads out of the recordings directory, nor out
        of the URL template's place for the file."""
        self.ensure_one()
        source = self.source_id.sudo()
        name = self.recording_file
        mimetype = audio_type(name)
        if not mimetype or not source or source.recording_mode not in ("directory", "url") \
                or "\0" in name:
            return None
        local = pytz.utc.localize(self.start_date).astimezone(
            pytz.timezone(source.pbx_timezone or "UTC"))
        parts = {"year": f"{local:%Y}", "month": f"{local:%m}", "day": f"{local:%d}"}
        if source.recording_mode == "url":
            if not source.recording_url or any(text in name for text in URL_REFUSED):
                return None
            url = source.recording_url.format(file=urllib.parse.quote(name, safe=""), **parts)
            auth = (source.recording_login, source.recording_password or "") \
                if source.recording_login else None
            return ("url", url, auth, mimetype)
        # A directory is required: an empty value never means the server's root.
        directory = source.recording_dir
        if not directory or not os.path.isabs(directory):
            return None
        root = os.path.realpath(directory)
        if root == os.path.sep or not os.path.isdir(root):
            return None
        # Issabel stores a full path, FreePBX the bare name under YYYY/MM/DD of the call.
        candidates = [name] if os.path.isabs(name) else [
            os.path.join(root, parts["year"], parts["month"], parts["day"], name),
            os.path.join(root, name)]
        for candidate in candidates:
            # Symbolic links resolved first: one inside the directory pointing out is refused.
            path = os.path.realpath(candidate)
            if os.path.commonpath([root, path]) == root and os.path.isfile(path):
                return ("path", path, mimetype)
        return None

    def _sales_panel_check_call_access(self):
        """Buttons of a call are RPC methods anyone logged in can call: the call must be one
        the user sees (its record rules: own, team's, all for managers)."""
        self.check_access("read")

    def action_create_contact(self):
        """An anonymous caller becomes a contact; saving it links its past calls."""
        self.ensure_one()
        self._sales_panel_check_call_access()
        self.env["res.partner"].check_access("create")
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
        self._sales_panel_check_call_access()
        self.env["crm.call.number.wizard"].check_access("create")
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
