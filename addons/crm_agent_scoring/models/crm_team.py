import datetime
from ast import literal_eval
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..lib import scoring

# A team where nobody can take leads tells its managers at most this often.
WARN_AGAIN = datetime.timedelta(hours=20)
CONTACT_DAYS = 7  # contacts created in the last days are handed out, as stock does for leads


class CrmTeam(models.Model):
    _inherit = "crm.team"

    assignment_by_score = fields.Boolean(
        "Assign by score",
        help="The lead assignment (same job, same capacities and domains) hands this team's leads "
        "out in proportion to the agents' latest scores, with a memory between runs, instead of "
        "evenly. Absent agents, agents whose phone is unavailable and agents over capacity get none.")
    assignment_contacts = fields.Boolean(
        "New contacts too",
        help="Also hand out, by score, new contacts nobody owns (web forms, imports, callers saved "
        "as contacts) created in the last 7 days. Contacts have no team: the first team of the "
        "company (in the teams' order) with this box ticked takes them. They use the same "
        "capacity as leads.")
    score_warned_date = fields.Datetime("Last told (Scores section, All)", readonly=True, copy=False)

    # Assignment --------------------------------------------------------------------------

    def _assign_and_convert_leads(self, force_quota=False):
        by_score = self.filtered("assignment_by_score")
        result = super(CrmTeam, self - by_score)._assign_and_convert_leads(force_quota=force_quota)
        if by_score:
            result.update(by_score._sales_panel_assign_by_score(force_quota=force_quota))
        return result

    def _sales_panel_assign_by_score(self, force_quota=False):
        """Stock's member assignment for teams assigning by score: the same leads (allocated
        to the team, nobody's yet), the same quotas and domains; returns stock's structure
        {member: {"assigned": leads, "quota": n}}."""
        leads_per_team = dict(self.env["crm.lead"]._read_group(
            self._get_lead_to_assign_domain(), ["team_id"], ["id:array_agg"]))
        result = {}
        for team in self:
            leads = self.env["crm.lead"].browse(leads_per_team.get(team, [])).exists()
            result.update(team._sales_panel_distribute(leads, team._sales_panel_contacts_to_assign(), force_quota))
        return result

    def _sales_panel_company(self):
        return self.company_id or self.env.company

    def _sales_panel_contacts_to_assign(self):
        """New contacts nobody owns that this team hands out (see assignment_contacts)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        if not self.assignment_contacts:
            return Partner
        domain = [
            ("user_id", "=", False), ("parent_id", "=", False), ("partner_share", "=", True),
            ("ref_company_ids", "=", False),
            ("create_date", ">=", fields.Datetime.now() - datetime.timedelta(days=CONTACT_DAYS)),
        ]
        if self.company_id:
            domain.append(("company_id", "in", [self.company_id.id, False]))
        # Contacts have no team: the company's first team handing them out takes them all.
        first = self.search([("assignment_by_score", "=", True), ("assignment_contacts", "=", True),
                             ("company_id", "in", [self.company_id.id, False])], limit=1)
        if first != self:
            return Partner
        return Partner.search(domain, order="id")

    @api.model
    def _sales_panel_live_extensions(self):
        """Domain of the extensions whose state is live: those of a PBX the live-call service
        is connected to and still runs for (its heartbeat is recent). A stopped, killed or
        disconnected service leaves the last states it saw, which would keep agents out of
        the distribution (or routed to) for ever."""
        return [("server_id.service_state", "=", "connected")]

    @api.model
    def _sales_panel_extension_states(self, users):
        """{user_id: {states of their PBX extensions}} as the live-call service sees them now."""
        states = defaultdict(set)
        for row in self.env["crm.pbx.extension"].sudo().search_read(
                [("user_id", "in", users.ids), *self._sales_panel_live_extensions()], ["user_id", "state"]):
            states[row["user_id"][0]].add(row["state"])
        return states

    def _sales_panel_ineligible(self, members, quota):
        """{member: why they get nothing now}: skipping automatic assignment, absent, their
        phone unavailable (every extension of theirs, when the PBX reports them), or over
        capacity (``quota``: the member's remaining quota)."""
        states = self._sales_panel_extension_states(members.user_id)
        reasons = {}
        for member in members:
            user_states = states.get(member.user_id.id)
            if member.assignment_optout:
                reasons[member] = _("skips automatic assignment")
            elif member.score_absent:
                reasons[member] = _("absent")
            elif user_states and user_states <= {"unavailable"}:
                reasons[member] = _("phone unavailable")
            elif quota[member] <= 0:
                reasons[member] = _("over capacity")
        return reasons

    def _sales_panel_distribute(self, leads, contacts, force_quota=False):
        """Hand ``leads`` then ``contacts`` to this team's eligible members by a weighted
        round-robin on their latest scores, within their quotas and domains; each record says
        why it went to whom. Nobody eligible: nothing changes and the managers are told."""
        self.ensure_one()
        members = self.crm_team_member_ids
        quota = {member: member._get_assignment_quota(force_quota=force_quota) for member in members}
        reasons = self._sales_panel_ineligible(members, quota)
        scores = self.env["crm.agent.score"].sudo()._sales_panel_latest(
            members.user_id, self._sales_panel_company(), completed=True)
        score_of = {member.id: scores[member.user_id.id] for member in members}
        rank_of = scoring.ranks(score_of)
        eligible = members.filtered(lambda m: m not in reasons).sorted(lambda m: (-score_of[m.id], m.id))
        weights = scoring.weights_from_scores({member.id: score_of[member.id] for member in eligible})
        for member in eligible:
            if member.id not in weights:
                reasons[member] = _("score 0")
        if not weights:
            if leads or contacts:
                self._sales_panel_warn_nobody(leads, contacts, reasons)
            return {}
        by_id = {member.id: member for member in eligible}
        robin = scoring.WeightedRoundRobin(weights, {m.id: m.sudo().score_credit for m in eligible})
        remaining = {key: quota[by_id[key]] for key in robin.weights}
        used = {key: by_id[key].lead_month_count for key in robin.weights}
        domains = {}
        for key in robin.weights:
            domain = literal_eval(by_id[key].assignment_domain or "[]")
            if domain:
                domains[key] = set(leads.filtered_domain(domain).ids)
        assigned, notes = defaultdict(list), {}

        def give(record, candidates):
            key = robin.pick(candidates)
            if key is None:
                return
            used[key] += 1
            remaining[key] -= 1
            if remaining[key] <= 0:
                del remaining[key]
            member = by_id[key]
            assigned[key].append(record)
            score = format(score_of[key], ".1f")
            notes[record] = self.env._(
                "Assigned to %(agent)s by score: %(score)s, rank %(rank)s of %(count)s, capacity %(used)s/%(max)s",
                agent=member.user_id.name, score=score, rank=rank_of[key], count=len(members),
                used=used[key], max=member.assignment_max)

        for lead in leads.sorted(lambda lead: (-lead.probability, lead.id)):
            give(lead, [key for key in remaining if key not in domains or lead.id in domains[key]])
        for contact in contacts:
            give(contact, list(remaining))
        self._sales_panel_apply(by_id, assigned, notes)
        for key, credit in robin.credits.items():
            by_id[key].sudo().score_credit = credit
        if not remaining and len(notes) < len(leads) + len(contacts):
            # Everyone reached their capacity during the run: the rest waits, managers know.
            reasons.update(dict.fromkeys((by_id[key] for key in robin.weights), _("over capacity")))
            self._sales_panel_warn_nobody(leads.filtered(lambda lead: lead not in notes),
                                          contacts.filtered(lambda contact: contact not in notes), reasons)
        return {
            by_id[key]: {"assigned": self.env["crm.lead"].browse([r.id for r in assigned[key] if r._name == "crm.lead"]),
                         "quota": quota[by_id[key]]}
            for key in robin.weights
        }

    def _sales_panel_apply(self, by_id, assigned, notes):
        """Write the assignment: leads become opportunities as stock's assignment converts
        them (one write per member and set of conversion values), contacts get the agent."""
        Lead = self.env["crm.lead"].with_context(mail_auto_subscribe_no_notify=True)
        lead_notes = {record.id: note for record, note in notes.items() if record._name == "crm.lead"}
        for key, records in assigned.items():
            user = by_id[key].user_id
            groups = defaultdict(list)
            for lead in Lead.browse([r.id for r in records if r._name == "crm.lead"]):
                vals = lead._convert_opportunity_data(lead.partner_id) if lead.active and lead.probability != 100 else {}
                groups[tuple(sorted(vals.items()))].append(lead.id)
            for vals, lead_ids in groups.items():
                Lead.browse(lead_ids).write(dict(vals, user_id=user.id))
            for contact in (r for r in records if r._name == "res.partner"):
                contact.write({"user_id": user.id, "score_assignment_note": notes[contact]})
        if lead_notes:
            # Each lead has its own note (its capacity count): one UPDATE instead of one ORM
            # write per lead, which cost most of the time of 10 000 leads (bench/README.md).
            Lead.flush_model(["score_assignment_note"])
            self.env.cr.execute(SQL(
                "UPDATE crm_lead SET score_assignment_note = v.note FROM (VALUES %s) AS v(id, note) "
                "WHERE crm_lead.id = v.id",
                SQL(", ").join(SQL("(%s, %s)", lead_id, note) for lead_id, note in lead_notes.items())))
            Lead.invalidate_model(["score_assignment_note"])

    def _sales_panel_warn_nobody(self, leads, contacts, reasons):
        """Tell the company's Sales Panel managers (a note on the team, notifying them) that
        leads or contacts wait because nobody of the team can take them; once a day at most."""
        now = fields.Datetime.now()
        if self.score_warned_date and now - self.score_warned_date < WARN_AGAIN:
            return
        company = self._sales_panel_company()
        # Those who keep the distribution by score: the scores section at "all" (#18).
        managers = self.env.ref("crm_sales_base.group_section_scores_all").users.filtered(
            lambda u: u.active and not u.share and company in u.company_ids)
        why = defaultdict(list)
        for member, reason in reasons.items():
            why[reason].append(member.user_id.name)
        body = Markup("<p>%s</p>") % _(
            "Nobody of %(team)s can take new leads now: %(leads)s leads and %(contacts)s contacts "
            "wait unassigned.", team=self.name, leads=len(leads), contacts=len(contacts))
        if why:
            body += Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s: %s</li>") % (reason, ", ".join(names)) for reason, names in why.items())
        else:
            body += Markup("<p>%s</p>") % _("The team has no members.")
        self.sudo().message_post(body=body, partner_ids=managers.partner_id.ids, subtype_xmlid="mail.mt_note")
        self.sudo().score_warned_date = now

    # Routing (T5) -------------------------------------------------------------------------

    def _sales_panel_free_agents(self):
        """Agents of these teams (none given: the current company's teams assigning by score)
        free to take a new caller, best first: [{"user_id", "team_id", "extension", "score"}].
        Free: not absent nor skipping assignment, with an idle extension on the PBX."""
        teams = self or self.search([("assignment_by_score", "=", True),
                                     ("company_id", "in", [self.env.company.id, False])])
        members = teams.crm_team_member_ids.filtered(lambda m: not m.assignment_optout and not m.score_absent)
        idle = defaultdict(list)
        for row in self.env["crm.pbx.extension"].sudo().search_read(
                [("user_id", "in", members.user_id.ids), ("state", "=", "idle"), *self._sales_panel_live_extensions()],
                ["user_id", "name"], order="name"):
            idle[row["user_id"][0]].append(row["name"])
        free, seen = [], set()
        for company, company_members in members.grouped(lambda m: m.crm_team_id._sales_panel_company()).items():
            scores = self.env["crm.agent.score"].sudo()._sales_panel_latest(
                company_members.user_id, company, completed=True)
            for member in company_members:
                user_id = member.user_id.id
                if user_id in idle and user_id not in seen:
                    seen.add(user_id)
                    free.append({"user_id": user_id, "team_id": member.crm_team_id.id,
                                 "extension": idle[user_id][0], "score": scores[user_id]})
        return sorted(free, key=lambda agent: (-agent["score"], agent["user_id"]))
