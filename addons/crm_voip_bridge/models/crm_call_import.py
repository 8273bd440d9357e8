"""The CDR sync's bulk path: legs of a batch stored, their calls created or updated.

Creating calls and legs one by one through the ORM is far below the pace the CDR sync
needs (bench/README.md): new calls and legs are written with COPY (as the ORM itself writes
xmlids in bulk), with the stored computed fields of this addon computed here and those that
other addons add queued for the ORM (``_sales_panel_queue_computed``)."""

import csv
import dataclasses
import io

import psycopg2.extensions

from odoo import Command, api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.phone import to_e164

from ..lib import cdr
from .crm_call import outcome
from .crm_call_leg import INT_FIELDS, LEG_FIELDS

CALL_COLUMNS = ["linkedid", "direction", "disposition", "start_date", "answer_date", "end_date",
                "ring_seconds", "talk_seconds", "number_raw", "number_e164", "did",
                "recording_file", "user_id", "team_id", "partner_id"]
# Stored computed fields of crm.call that the COPY writes itself.
COPIED_COMPUTED = {"is_answered", "is_successful", "has_recording"}


@dataclasses.dataclass(frozen=True)
class PreparedCalls:
    """The calls of a batch summed up ahead (the sync does it in its reader thread), valid
    for the agents' extensions and the numbers' region they were made with."""

    extensions: frozenset
    region: str
    summaries: dict  # {linkedid: (cdr.CallSummary, E.164 number)}: cdr.summarize_calls()

    def holds_for(self, extensions, region):
        return self.extensions == extensions and self.region == region


@dataclasses.dataclass
class SummedCall:
    """One call of a batch as it will be stored: its summary and the E.164 number."""

    summary: cdr.CallSummary
    number: str


@dataclasses.dataclass
class CallLegs:
    """The new legs of one call (stored or created in this batch)."""

    call_id: int
    legs: list  # [cdr.Leg]


def copy_into(cr, table, columns, rows):
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
                       # sync's reader thread computes
                       size=max(size, 8192))
    finally:
        psycopg2.extensions.set_wait_callback(callback)


class CrmCall(models.Model):
    _inherit = "crm.call"

    @api.model
    def _sales_panel_agents(self, source):
        """({PBX extension: agent} of the source's company, region of its numbers).

        An extension is unique per user's company (res.users): the agents are that
        company's users, not every user allowed in it, whose extension on their own
        company's PBX may be the same number."""
        company = source.company_id
        users = self.env["res.users"].sudo().search(
            [("pbx_extension", "!=", False), ("company_id", "=", company.id)])
        return {user.pbx_extension: user for user in users}, company.sales_panel_phone_country_id.code or "IR"

    @api.model
    def _sales_panel_store_legs(self, source, legs, prepared=None):
        """Store CDR legs (``lib.cdr.Leg``) of ``source`` idempotently: legs already stored
        (same source, uniqueid and sequence) are ignored, new legs join the call of their
        linkedid, whose summary is recomputed from all its legs. Returns (calls created,
        calls updated); the ended-call hook runs for the created ones only.

        ``prepared`` (``PreparedCalls``, made ahead by the sync in the thread that reads the
        next batch) is used for the calls not stored yet, when made with the current
        extensions and region."""
        # One index look-up per key (LATERAL, kept apart by OFFSET 0): with thousands of
        # keys in one "= ANY" or join, the planner scanned every leg or call of the source,
        # a cost growing with each batch.
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
        # Calls the live-call service stored before the PBX wrote their record: completed
        # here (the same linkedid), never stored twice.
        calls.update(Call._sales_panel_live_claim(source, [lid for lid in by_linkedid if lid not in calls]))
        agents, region = self._sales_panel_agents(source)
        extensions = frozenset(agents)
        ready = prepared.summaries if prepared and prepared.holds_for(extensions, region) else {}
        # A call not stored yet has all its legs in this batch: its prepared summary holds.
        summed = {lid: SummedCall(*ready[lid]) for lid in by_linkedid if lid in ready and lid not in calls}
        for linkedid, new in by_linkedid.items():
            if linkedid in summed:
                continue
            old = [cdr.Leg(**{f: leg[f] or ("" if f not in INT_FIELDS else 0) for f in LEG_FIELDS})
                   for leg in calls[linkedid].leg_ids] if linkedid in calls else []
            summary = cdr.summarize(old + new, extensions)
            summed[linkedid] = SummedCall(summary, to_e164(summary.external_number, region))
        partners = self.env["res.partner"]._sales_panel_match_numbers(
            {call.number for call in summed.values() if call.number}, source.company_id)
        updated, to_create, ended = 0, [], Call.browse()
        for linkedid, call in summed.items():
            summary, number = call.summary, call.number
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
                corrected = calls[linkedid].sales_panel_corrected_fields
                if corrected:
                    values = {name: value for name, value in values.items()
                              if name not in corrected.split(",")}
                if calls[linkedid].source_id != source:
                    values["source_id"] = source.id
                if calls[linkedid].live_state:
                    # The PBX wrote its record: the call is over, even if the live-call
                    # service missed its end.
                    values["live_state"] = False
                    if "ringing_user_ids" in calls[linkedid]._fields:
                        values["ringing_user_ids"] = [Command.clear()]
                if not calls[linkedid].end_date:
                    ended |= calls[linkedid]  # seen live, not ended yet: it ends here
                calls[linkedid].write(values)
                updated += 1
            else:
                to_create.append(dict(values, linkedid=linkedid))
        self.env.flush_all()
        created_calls = Call._sales_panel_insert_calls(source, to_create)
        # In the order given: no read back of what was just written.
        calls.update(zip((vals["linkedid"] for vals in to_create), created_calls, strict=True))
        Call._sales_panel_insert_legs(source, [CallLegs(calls[linkedid].id, new)
                                               for linkedid, new in by_linkedid.items()])
        (created_calls | ended)._sales_panel_on_call_ended()
        return len(created_calls), updated

    def _sales_panel_insert_calls(self, source, vals_list):
        if not vals_list:
            return self.browse()
        threshold = source.company_id.sales_panel_successful_seconds
        ids = [row[0] for row in self.env.execute_query(SQL(
            "SELECT nextval('crm_call_id_seq') FROM generate_series(1, %s)", len(vals_list)))]
        now, uid = fields.Datetime.now(), self.env.uid
        columns = ["id", "source_id", "company_id", "create_uid", "write_uid", "create_date",
                   "write_date", "is_answered", "is_successful", "has_recording", *CALL_COLUMNS]
        copy_into(self.env.cr, "crm_call", columns, (
            [call_id, source.id, source.company_id.id, uid, uid, now, now,
             *outcome(vals["disposition"], vals["talk_seconds"], threshold),
             bool(vals["recording_file"]), *(vals[name] for name in CALL_COLUMNS)]
            for call_id, vals in zip(ids, vals_list, strict=True)))
        self.env["crm.call.day"]._sales_panel_mark(source.company_id, [v["start_date"] for v in vals_list])
        calls = self.browse(ids)
        queue_computed(calls, COPIED_COMPUTED)
        return calls

    def _sales_panel_insert_legs(self, source, call_legs):
        """COPY the new legs (a list of ``CallLegs``)."""
        Leg = self.env["crm.call.leg"]
        rows = [(item.call_id, leg) for item in call_legs for leg in item.legs]
        # Ids are drawn ahead only when another addon's computed fields need them.
        computed = any(field.store and field.compute for field in Leg._fields.values())
        ids = [row[0] for row in self.env.execute_query(SQL(
            "SELECT nextval('crm_call_leg_id_seq') FROM generate_series(1, %s)", len(rows)))] \
            if computed and rows else []
        now, uid = fields.Datetime.now(), self.env.uid
        columns = ["call_id", "source_id", "create_uid", "write_uid", "create_date", "write_date",
                   *LEG_FIELDS]
        copy_into(self.env.cr, "crm_call_leg", ["id", *columns] if ids else columns, (
            [*([ids[index]] if ids else []), call_id, source.id, uid, uid, now, now,
             *(getattr(leg, name) for name in LEG_FIELDS)]
            for index, (call_id, leg) in enumerate(rows)))
        Leg.invalidate_model()
        self.invalidate_model(["leg_ids"])
        queue_computed(Leg.browse(ids), set())


def queue_computed(records, copied):
    """Queue for the ORM the stored computed fields of records written by COPY that the
    COPY did not write (``copied``): those other addons add are computed at the next flush,
    as if the records had come through create()."""
    if not records:
        return
    for field in records._fields.values():
        if field.store and field.compute and field.name not in copied:
            records.env.add_to_compute(field, records)
