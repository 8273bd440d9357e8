import csv
import datetime
import io
import os

import psycopg2.extensions
import pytz

from odoo import _, api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.phone import is_mobile, to_e164

from ..lib import cdr
from .crm_call_day import COLUMNS as DAY_COLUMNS
from .crm_call_day import figures

LEG_FIELDS = ["uniqueid", "linkedid", "sequence", "calldate", "src", "dst", "clid", "channel",
              "dstchannel", "did", "duration", "billsec", "disposition", "recordingfile", "lastapp"]
INT_FIELDS = {"sequence", "duration", "billsec"}
CALL_COLUMNS = ["linkedid", "direction", "disposition", "start_date", "answer_date", "end_date",
                "ring_seconds", "talk_seconds", "number_raw", "number_e164", "did",
                "recording_file", "user_id", "team_id", "partner_id"]

DIRECTIONS = [("incoming", "Incoming"), ("outgoing", "Outgoing"), ("internal", "Internal")]
DISPOSITIONS = [
    ("answered", "Answered"),
    ("no_answer", "No answer"),
    ("busy", "Busy"),
    ("failed", "Failed"),
    ("congestion", "Congestion"),
    ("unknown", "Unknown"),
]


def _copy_into(cr, table, columns, rows):
    """COPY rows into a table (CSV: an empty value is NULL)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    size = buffer.tell()
    buffer.seek(0)
    # psycopg2's COPY does not work with an asynchronous wait callback (see models.py).
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        cr.copy_expert(SQL("COPY %s (%s) FROM STDIN WITH (FORMAT csv)", SQL.identifier(table),
                           SQL(", ").join(SQL.identifier(c) for c in columns)).code, buffer,
                       # in one piece: by 8 kB chunks, each waited for the GIL while the
                       # sync's reader thread computes (a third of the sync's time)
                       size=max(size, 8192))
    finally:
        psycopg2.extensions.set_wait_callback(callback)


def _outcome(disposition, talk_seconds, successful_seconds):
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
            call.is_answered, call.is_successful = _outcome(
                call.disposition, call.talk_seconds, call.company_id.sales_panel_successful_seconds)

    @api.depends("recording_file")
    def _compute_has_recording(self):
        for call in self:
            call.has_recording = bool(call.recording_file)

    @api.model
    def _sales_panel_agents(self, source):
        """({PBX extension: agent} of the source's company, region of its numbers)."""
        company = source.company_id
        users = self.env["res.users"].sudo().search(
            [("pbx_extension", "!=", False), ("company_ids", "in", company.id)])
        return {user.pbx_extension: user for user in users}, company.sales_panel_phone_country_id.code or "IR"

    @api.model
    def _sales_panel_store_legs(self, source, legs, prepared=None):
        """Store CDR legs (``lib.cdr.Leg``) of ``source`` idempotently: legs already stored
        (same source, uniqueid and sequence) are ignored, new legs join the call of their
        linkedid, whose summary is recomputed from all its legs. Returns (calls created,
        calls updated); the ended-call hook runs for the created ones only.

        ``prepared`` is ``((extensions, region), cdr.summarize_calls(legs, …))`` made ahead
        (the sync makes it in the thread that reads the next batch); used for the calls not
        stored yet, when made with the current extensions and region."""
        # One index look-up per key (LATERAL, kept apart by OFFSET 0): with thousands of
        # keys in one "= ANY" or join, the planner scanned every leg or call of the source,
        # a cost growing with each batch (0.2 s a batch at 300 000 rows).
        self.env["crm.call.leg"].flush_model()
        stored = set(self.env.execute_query(SQL(
            """SELECT l.uniqueid, l.sequence FROM unnest(%s::varchar[]) AS u(uniqueid)
               CROSS JOIN LATERAL (SELECT uniqueid, sequence FROM crm_call_leg
                                    WHERE source_id = %s AND uniqueid = u.uniqueid OFFSET 0) l""",
            list({leg.uniqueid for leg in legs}), source.id)))
        by_linkedid = cdr.group_calls(leg for leg in legs if (leg.uniqueid, leg.sequence) not in stored)
        if not by_linkedid:
            return 0, 0
        Call = self.sudo().with_context(tracking_disable=True)
        Call.flush_model(["source_id", "linkedid"])
        calls = {call.linkedid: call for call in Call.browse(id_ for (id_,) in self.env.execute_query(SQL(
            """SELECT c.id FROM unnest(%s::varchar[]) AS u(linkedid)
               CROSS JOIN LATERAL (SELECT id FROM crm_call
                                    WHERE source_id = %s AND linkedid = u.linkedid OFFSET 0) c""",
            list(by_linkedid), source.id)))}
        agents, region = self._sales_panel_agents(source)
        extensions = frozenset(agents)
        ready = prepared[1] if prepared and prepared[0] == (extensions, region) else {}
        # A call not stored yet has all its legs in this batch: its prepared summary holds.
        summaries = {lid: ready[lid] for lid in by_linkedid if lid in ready and lid not in calls}
        for linkedid, new in by_linkedid.items():
            if linkedid in summaries:
                continue
            old = [cdr.Leg(**{f: leg[f] or ("" if f not in INT_FIELDS else 0) for f in LEG_FIELDS})
                   for leg in calls[linkedid].leg_ids] if linkedid in calls else []
            summary = cdr.summarize(old + new, extensions)
            summaries[linkedid] = (summary, to_e164(summary.external_number, region))
        partners = self.env["res.partner"]._sales_panel_match_numbers(
            {number for _summary, number in summaries.values() if number}, source.company_id)
        updated, to_create = 0, []
        for linkedid, (summary, number) in summaries.items():
            agent = agents.get(summary.agent_extension, self.env["res.users"])
            values = {
                "direction": summary.direction,
                "disposition": summary.disposition,
                "start_date": summary.start_date,
                "answer_date": summary.answer_date,
                "end_date": summary.end_date,
                "ring_seconds": summary.ring_seconds,
                "talk_seconds": summary.talk_seconds,
                "number_raw": summary.external_number,
                "number_e164": number or None,
                "did": summary.did,
                "recording_file": summary.recordingfile or None,
                "user_id": agent.id or None,
                "team_id": agent.sale_team_id.id or None,
                "partner_id": partners[number].id if number in partners else None,
            }
            if linkedid in calls:
                calls[linkedid].write(values)
                updated += 1
            else:
                to_create.append(dict(values, linkedid=linkedid))
        self.env.flush_all()
        created_calls = Call._sales_panel_insert_calls(source, to_create)
        # In the order given: no read back of what was just written.
        calls.update(zip((vals["linkedid"] for vals in to_create), created_calls, strict=True))
        Call._sales_panel_insert_legs(source, [(calls[linkedid], leg) for linkedid, new in by_linkedid.items()
                                               for leg in new])
        created_calls._sales_panel_on_call_ended()
        return len(created_calls), updated

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

    # The ORM creates about 600 calls with their legs per second; the CDR sync benchmark asks
    # for 3 000 rows per second: new calls and legs are written with COPY (as the ORM itself
    # writes xmlids in bulk), with the stored computed and related fields the ORM would compute.

    def _sales_panel_insert_calls(self, source, vals_list):
        if not vals_list:
            return self.browse()
        threshold = source.company_id.sales_panel_successful_seconds
        ids = [row[0] for row in self.env.execute_query(SQL(
            "SELECT nextval('crm_call_id_seq') FROM generate_series(1, %s)", len(vals_list)))]
        now, uid = fields.Datetime.now(), self.env.uid
        columns = ["id", "source_id", "company_id", "create_uid", "write_uid", "create_date",
                   "write_date", "is_answered", "is_successful", "has_recording", *CALL_COLUMNS]
        _copy_into(self.env.cr, "crm_call", columns, (
            [call_id, source.id, source.company_id.id, uid, uid, now, now,
             *_outcome(vals["disposition"], vals["talk_seconds"], threshold),
             bool(vals["recording_file"]), *(vals[name] for name in CALL_COLUMNS)]
            for call_id, vals in zip(ids, vals_list, strict=True)))
        self.env["crm.call.day"]._sales_panel_mark(source.company_id, [v["start_date"] for v in vals_list])
        return self.browse(ids)

    def _sales_panel_insert_legs(self, source, call_legs):
        now, uid = fields.Datetime.now(), self.env.uid
        columns = ["call_id", "source_id", "create_uid", "write_uid", "create_date", "write_date",
                   *LEG_FIELDS]
        _copy_into(self.env.cr, "crm_call_leg", columns, (
            [call.id, source.id, uid, uid, now, now, *(getattr(leg, name) for name in LEG_FIELDS)]
            for call, leg in call_legs))
        self.env["crm.call.leg"].invalidate_model()
        self.invalidate_model(["leg_ids"])

    def _sales_panel_on_call_ended(self):
        """Called once per call, in the transaction that first stores it as ended (CDR sync
        now, the live listener later), never again when the same call is synced twice.
        Follow-ups, SMS and the like override it and call super()."""
        return None

    @api.model
    def _sales_panel_stats(self, date_from, date_to, user_ids=None, groupby="user_id", by_day=False):
        """Call figures per agent (``groupby="user_id"``) or team (``"team_id"``), optionally
        per day, from ``date_from`` to ``date_to`` (``date``s, inclusive, in the company's
        timezone), for everyone at once:

        ``{key: {"incoming", "outgoing", "missed", "answered", "successful",
        "talk_minutes", "avg_talk_minutes"}}`` where ``key`` is the agent or team id, or
        ``(id, date)`` with ``by_day``. "Missed" is an incoming call nobody answered;
        averages are per answered call.

        The user's record rules apply. For users who see every call (managers), days rolled
        up by crm.call.day are read from there and only the others (today, days changed
        since) from the calls: a two-year range reads a few hundred thousand rows, not
        millions."""
        if groupby not in ("user_id", "team_id"):
            raise ValueError(groupby)
        company = self.env.company
        tz = pytz.timezone(company.sales_panel_timezone or "Asia/Tehran")
        clean = set()
        if len(self.env.companies) == 1 and (
                self.env.su or self.env.user.has_group("crm_sales_base.group_manager")):
            clean = self.env["crm.call.day"]._sales_panel_clean_days(company, date_from, date_to)
        totals = {}

        def add(rows):
            for key, day_value, *values in rows:
                key = (key, day_value) if by_day else key
                totals[key] = [a + b for a, b in zip(totals.get(key, [0] * 6), values, strict=True)]

        if clean:
            day = SQL("day") if by_day else SQL("NULL::date")
            users = SQL("AND user_id = ANY(%s)", list(user_ids)) if user_ids is not None else SQL()
            add(self.env.execute_query(SQL(
                "SELECT %s, %s, %s FROM crm_call_day WHERE company_id = %s AND day = ANY(%s::date[]) %s "
                "GROUP BY 1, 2", SQL.identifier(groupby), day,
                SQL(", ").join(SQL("sum(%s)::int", SQL.identifier(c)) for c in DAY_COLUMNS),
                company.id, sorted(clean), users)))
        # The other days, in spans of consecutive days, from the calls.
        spans, current = [], None
        for offset in range((date_to - date_from).days + 1):
            day = date_from + datetime.timedelta(days=offset)
            if day in clean:
                current = None
            elif current:
                current[1] = day
            else:
                current = [day, day]
                spans.append(current)
        if spans:
            add(self._sales_panel_live_stats(tz, spans, user_ids, groupby, by_day))
        result = {}
        for key, (incoming, outgoing, missed, answered, successful, talk) in totals.items():
            minutes = talk / 60.0
            result[key] = {
                "incoming": incoming, "outgoing": outgoing, "missed": missed, "answered": answered,
                "successful": successful, "talk_minutes": minutes,
                "avg_talk_minutes": minutes / answered if answered else 0.0,
            }
        return result

    @api.model
    def _sales_panel_live_stats(self, tz, spans, user_ids, groupby, by_day):
        """Rows (key, day or None, incoming, outgoing, missed, answered, successful, talk
        seconds) of the calls in these spans of local days, through the user's record rules."""

        def utc(day):
            local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        ranges = [["&", ("start_date", ">=", utc(first)),
                   ("start_date", "<", utc(last + datetime.timedelta(days=1)))] for first, last in spans]
        domain = [("company_id", "in", self.env.companies.ids), *(["|"] * (len(ranges) - 1)),
                  *(term for span in ranges for term in span)]
        if user_ids is not None:
            domain.append(("user_id", "in", list(user_ids)))
        # The query reads stored computed columns (is_answered, is_successful): flush them.
        self.flush_model(["user_id", "team_id", "direction", "start_date", "talk_seconds",
                          "is_answered", "is_successful"])
        query = self._search(domain)  # the user's record rules apply
        day = SQL("(crm_call.start_date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz.zone) \
            if by_day else SQL("NULL::date")
        return self.env.execute_query(SQL(
            "SELECT %s, %s, %s FROM %s WHERE %s GROUP BY 1, 2",
            SQL.identifier("crm_call", groupby), day,
            figures("crm_call"),
            query.from_clause, query.where_clause,
        ))


class CrmCallLeg(models.Model):
    """One CDR row: a channel's part of a call."""

    _name = "crm.call.leg"
    _description = "Call leg"
    _order = "calldate, sequence, id"
    _rec_name = "uniqueid"

    call_id = fields.Many2one("crm.call", required=True, ondelete="cascade", index=True)
    source_id = fields.Many2one("crm.cdr.source", required=True, ondelete="cascade")
    # Rules go through call_id: legs are read with their call only, and are written by the
    # sync at thousands per second (no stored copies of the call's agent or company).
    uniqueid = fields.Char(required=True)
    linkedid = fields.Char(required=True)
    sequence = fields.Integer()
    calldate = fields.Datetime(required=True)
    src = fields.Char("Source number")
    dst = fields.Char("Destination number")
    clid = fields.Char("Caller ID")
    channel = fields.Char()
    dstchannel = fields.Char("Destination channel")
    did = fields.Char("DID")
    duration = fields.Integer()
    billsec = fields.Integer("Billed seconds")
    disposition = fields.Selection(DISPOSITIONS)
    recordingfile = fields.Char("Recording file")
    lastapp = fields.Char("Last application")

    _sql_constraints = [
        ("source_uniqueid_sequence_uniq", "unique(source_id, uniqueid, sequence)",
         "A CDR row is stored once per source."),
    ]
