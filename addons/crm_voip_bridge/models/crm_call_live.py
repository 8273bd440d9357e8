"""Calls as they happen: the live-call service (``odoo-bin sales-panel-pbx``) stores what the
PBX's AMI events say (``lib.live_calls``) on the same record the CDR sync completes later
(same linked ID), and tells the agents' browsers over the bus. Click-to-call starts here."""

import datetime

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.phone import to_e164

from ..lib.dial import dialable
from .crm_call import DISPOSITIONS
from .crm_pbx_server import notify_service

LIVE_STATES = [("ringing", "Ringing"), ("talking", "Talking")]
LIVE_FIELDS = frozenset({"live_state", "pbx_server_id", "ringing_user_ids"})
# lib.live_calls' directions and the call's.
DIRECTIONS = {"in": "incoming", "out": "outgoing", "internal": "internal"}
KNOWN_DISPOSITIONS = {key for key, _label in DISPOSITIONS}


def _seconds(start, stop):
    return max(0, int((stop - start).total_seconds())) if start and stop else 0


class CrmCall(models.Model):
    _inherit = "crm.call"

    live_state = fields.Selection(
        LIVE_STATES, "Live", readonly=True, copy=False, index="btree_not_null",
        help="Ringing or talking now, as the PBX's live events say; empty once the call ended.")
    pbx_server_id = fields.Many2one(
        "crm.pbx.server", "Seen live on", readonly=True, copy=False, ondelete="set null")
    # A queue or ring group rings several agents at once: each of them gets the call's card
    # (sales_panel_card), not only the agent the call is stored for. Emptied once answered.
    ringing_user_ids = fields.Many2many(
        "res.users", "crm_call_ringing_user_rel", "call_id", "user_id", "Ringing for",
        readonly=True, copy=False,
        help="The agents whose phones ring for this call now, as the PBX's live events say.")

    def init(self):
        result = super().init()
        # A call seen live on a PBX without CDR source: one record per linked ID (the CDR
        # source's unique constraint covers the others), found through this index.
        self.env.cr.execute(SQL(
            """CREATE UNIQUE INDEX IF NOT EXISTS crm_call_live_linkedid_uniq
               ON crm_call (pbx_server_id, linkedid)
               WHERE source_id IS NULL AND pbx_server_id IS NOT NULL"""))
        return result

    def _sales_panel_check_fields(self, fnames, creating=False):
        result = super()._sales_panel_check_fields(fnames, creating=creating)
        if not self.env.su and LIVE_FIELDS & set(fnames):
            raise AccessError(_("The live state of a call comes from the PBX and cannot be changed here."))
        return result

    # Live events (the service, as superuser) -----------------------------------------------

    @api.model
    def _sales_panel_live_find(self, server, linkedids, source=None):
        """{linkedid: call} of calls of ``server`` stored already: by the CDR source of its
        PBX (unique index) or, live only, by the server."""
        if not linkedids:
            return {}
        source = server._sales_panel_cdr_source() if source is None else source
        domain = [("linkedid", "in", list(linkedids))]
        if source:
            domain += ["|", ("source_id", "=", source.id),
                       "&", ("source_id", "=", False), ("pbx_server_id", "=", server.id)]
        else:
            domain += [("source_id", "=", False), ("pbx_server_id", "=", server.id)]
        return {call.linkedid: call for call in self.sudo().with_context(active_test=False).search(domain)}

    @api.model
    def _sales_panel_live_claim(self, source, linkedids):
        """{linkedid: call} of the calls seen live on the PBX servers of ``source``'s company
        that no CDR source holds yet (the CDR sync completes them)."""
        servers = self.env["crm.pbx.server"].sudo().with_context(active_test=False).search(
            [("company_id", "=", source.company_id.id)])
        if not servers or not linkedids:
            return {}
        calls = self.sudo().search([("source_id", "=", False), ("pbx_server_id", "in", servers.ids),
                                    ("linkedid", "in", list(linkedids))])
        return {call.linkedid: call for call in calls}

    @api.model
    def _sales_panel_live_store(self, server, change, agents, told=frozenset(), watchers=None, source=None):
        """Store one ``lib.live_calls.CallChange`` (``_sales_panel_live_store_many``); returns
        the extensions to remember for the call's next change (none once it ended)."""
        return self._sales_panel_live_store_many(
            server, [change], agents, {change.linkedid: told}, watchers, source)[change.linkedid] or frozenset()

    @api.model
    def _sales_panel_live_store_many(self, server, changes, agents, told=None, watchers=None, source=None):
        """Store ``lib.live_calls.CallChange``s of ``server`` (in the order the PBX sent
        them) and tell the browsers: "sales_panel/call" to the partners of the agents whose
        extension rings or talks (and "ended" to those it no longer does), one per change;
        "sales_panel/journal" to ``watchers`` (partners of users with the call journal and
        the calls at "team" or "all": the id only, they read the call with their rights),
        one per call. ``agents``: {extension: user}; ``told``: {linkedid: extensions told
        before}; ``source``: the server's CDR source (``_sales_panel_cdr_source``) if known. Returns {linkedid: extensions to
        remember for its next change, or None once it ended}.

        Set-wise, whatever the number of changes: one search of the calls, one caller
        look-up, one create, the bus rows at commit. A change is the whole state of its call
        (lib.live_calls), so the last one of each call is what is stored; only the agent
        is the last one known (a missed call keeps the agent it rang for)."""
        Call = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True)
        company = server.company_id
        source = server._sales_panel_cdr_source() if source is None else source
        told = dict(told or {})
        last, agent_of, first = {}, {}, {}
        for change in changes:
            extension = change.answered_extension or next(iter(sorted(change.extensions or ())), None)
            agent = agents.get(extension) if extension else None
            first.setdefault(change.linkedid, change)
            last[change.linkedid] = change
            if agent:
                agent_of[change.linkedid] = agent
        calls = Call._sales_panel_live_find(server, list(last), source)
        region = company.sales_panel_phone_country_id.code or "IR"
        e164 = {change.external_number: to_e164(change.external_number, region)
                for change in last.values() if change.external_number}
        numbers = {number for number in e164.values() if number}
        partners = self.env["res.partner"]._sales_panel_match_numbers(numbers, company) if numbers else {}
        to_create, to_write, ended = [], {}, Call
        for linkedid, change in last.items():
            call = calls.get(linkedid, Call)
            agent = agent_of.get(linkedid)
            is_ended = change.state == "ended"
            # The CDR's figures are the PBX's record: once its rows are stored, only the
            # live state changes here.
            has_cdr = bool(call.leg_ids)
            if call and not call.live_state and (call.end_date or has_cdr):
                continue  # ended already (stored live, or the CDR came first): the record stands
            values = {"live_state": False if is_ended else change.state}
            ringing = [agents[ext].id for ext in sorted(change.extensions or ()) if ext in agents] \
                if change.state == "ringing" else []
            values["ringing_user_ids"] = [Command.set(sorted(set(ringing)))]
            if not has_cdr:
                values["direction"] = DIRECTIONS.get(change.direction, "internal")
                if agent or not call.user_id:
                    values.update(user_id=agent.id if agent else False,
                                  team_id=agent.sale_team_id.id if agent else False)
                if is_ended:
                    answer = change.answer
                    disposition = change.disposition if change.disposition in KNOWN_DISPOSITIONS \
                        else "answered" if answer else "no_answer"
                    end = change.end or fields.Datetime.now()
                    values.update(end_date=end, answer_date=answer, disposition=disposition,
                                  ring_seconds=_seconds(change.start or call.start_date, answer or end),
                                  talk_seconds=_seconds(answer, end))
                elif change.answer:
                    values["answer_date"] = change.answer
            if not has_cdr and (not call or (change.external_number or False) != call.number_raw):
                # The other party's number, known from the first event of an incoming call,
                # from the trunk's channel of an outgoing one.
                number = e164.get(change.external_number)
                values.update(number_raw=change.external_number or False, number_e164=number or False,
                              partner_id=partners[number].id if number in partners else False)
            if not call:
                values.update(
                    linkedid=linkedid, company_id=company.id, pbx_server_id=server.id,
                    source_id=source.id or False, start_date=first[linkedid].start or fields.Datetime.now())
                to_create.append(values)
                continue
            for name in (call.sales_panel_corrected_fields or "").split(","):
                values.pop(name, None)
            # What changed only: a ringing call that starts talking writes its state, not
            # its figures again (each write of a figure marks the call's day).
            values = {name: value for name, value in values.items()
                      if call._fields[name].convert_to_write(call[name], call) != value}
            if values.get("ringing_user_ids") == [Command.set(sorted(call.ringing_user_ids.ids))]:
                del values["ringing_user_ids"]
            if values:
                to_write[call] = values
            if is_ended:
                ended |= call
        if to_create:
            created = Call.create(to_create)
            for call in created:
                calls[call.linkedid] = call
                if not call.live_state:
                    ended |= call
        if to_write:
            written = Call.concat(*to_write)
            # The calls' start does not change here: their days are marked once, not twice
            # per call (crm.call.write).
            written._sales_panel_mark_days()
            for call, values in to_write.items():
                call.with_context(sales_panel_days_marked=True).write(values)
        if ended:
            ended._sales_panel_on_call_ended()
        result, sent = {}, {}
        for change in changes:
            call = calls.get(change.linkedid)
            if call is None:
                continue
            extension = change.answered_extension or next(iter(sorted(change.extensions or ())), None)
            is_ended = change.state == "ended"
            current = set() if is_ended else set(change.extensions or ()) | ({extension} if extension else set())
            payload = {
                "call_id": call.id, "linkedid": change.linkedid, "direction": call.direction,
                "number": call.number_e164 or call.number_raw or "", "partner_id": call.partner_id.id,
            }
            for ext in sorted(current | set(told.get(change.linkedid) or ())):
                user = agents.get(ext)
                state = change.state if ext in current else "ended"
                # A change that tells an agent nothing new (its number came, a channel
                # state moved) sends nothing: the payload is the call as stored now.
                if user and sent.get((change.linkedid, ext)) != state:
                    sent[change.linkedid, ext] = state
                    user.partner_id._bus_send("sales_panel/call", dict(payload, state=state, extension=ext))
            told[change.linkedid] = frozenset(current)
            result[change.linkedid] = frozenset(current) if not is_ended else None
        journal = [{"call_id": calls[linkedid].id, "state": change.state}
                   for linkedid, change in last.items() if linkedid in calls]
        if journal:
            # One notification per watcher for all the calls (the journal reloads once).
            for partner in watchers or ():
                partner._bus_send("sales_panel/journal", {"calls": journal})
        return result

    # Click-to-call ----------------------------------------------------------------------------

    @api.model
    def sales_panel_dial(self, number, res_model=False, res_id=False):
        """Call ``number`` from the user's own phone: the PBX rings the user's extension, then
        dials the number (made dialable with the PBX's prefix rules). Returns
        {"request_id", "state", "reason"}; progress arrives as "sales_panel/dial" bus
        notifications."""
        user = self.env.user
        if not user.has_group("crm_sales_base.group_section_calls"):
            raise AccessError(_("Only agents and marketers call from the Sales Panel."))
        extension = (user.pbx_extension or "").strip()
        if not extension:
            raise AccessError(_("You have no PBX extension: an administrator sets it on your user."))
        server = self.env["crm.pbx.server"].sudo().search([("company_id", "=", user.company_id.id)], limit=1)
        if not server:
            raise UserError(_("No PBX is set up for live calls in your company."))
        if res_model:
            if res_model not in self.env or not isinstance(res_id, int):
                raise UserError(_("Unknown record to call from."))
            # Only a record that exists and the user may see is remembered as where the call
            # came from.
            record = self.env[res_model].browse(res_id).exists()
            if not record:
                raise UserError(_("Unknown record to call from."))
            record.check_access("read")
        result = dialable(number, server._sales_panel_dial_rules())
        if not result:
            raise UserError(_("%(number)s is not a number the PBX can dial.", number=number or ""))
        e164, digits = result
        request = self.env["crm.pbx.originate"].sudo().create({
            "user_id": user.id, "server_id": server.id, "extension": extension, "number": number,
            "number_e164": e164, "dial_number": digits, "res_model": res_model or False,
            "res_id": res_id if res_model else False,
        })
        if server.service_state != "connected":
            request._sales_panel_progress("failed", _(
                "The PBX is not connected (%(state)s): ask an administrator to check the live-call service.",
                state=dict(server._fields["service_state"]._description_selection(self.env)).get(server.service_state)))
        else:
            notify_service(self.env.cr, "originate")
            request._sales_panel_send()
        return {"request_id": request.id, "state": request.state, "reason": request.reason or ""}

    @api.model
    def _sales_panel_originate_stale(self, max_age):
        """Requests still queued after ``max_age`` seconds (the service was down): failed."""
        stale = self.env["crm.pbx.originate"].sudo().search([
            ("state", "=", "queued"), ("sent_date", "=", False),
            ("create_date", "<", fields.Datetime.now() - datetime.timedelta(seconds=max_age))])
        if stale:  # (the reason's translation is looked up only when there is one)
            stale._sales_panel_progress("failed", _("The PBX did not take the call in time."))
        return stale
