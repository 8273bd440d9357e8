import datetime
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from ..lib import scoring


class CrmAgentScore(models.Model):
    """An agent's score on a day (F25): out of 100, with each parameter's part in its lines,
    their rank in their team and in the company. Kept day by day for the history; the
    latest one of each agent drives the distribution of leads (F24)."""

    _name = "crm.agent.score"
    _description = "Agent score"
    _order = "date desc, score desc, id"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", "Agent", required=True, readonly=True, index=True, ondelete="cascade")
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True, index=True, ondelete="set null")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Date("Day", required=True, readonly=True, index=True,
                       help="The day scored: each parameter counts its period holding this day, up to its end.")
    score = fields.Float(readonly=True, digits=(5, 1), aggregator="avg", help="Out of 100.")
    rank_team = fields.Integer("Rank in team", readonly=True, aggregator="min")
    team_size = fields.Integer("Agents in team", readonly=True, aggregator="max")
    rank_company = fields.Integer("Rank in company", readonly=True, aggregator="min")
    company_size = fields.Integer("Agents in company", readonly=True, aggregator="max")
    latest = fields.Boolean(readonly=True, index=True, help="The agent's most recent score.")
    line_ids = fields.One2many("crm.agent.score.line", "score_id", "Parts", readonly=True)

    _sql_constraints = [
        ("one_per_day", "UNIQUE(user_id, company_id, date)", "An agent has one score per day."),
    ]

    # Computation -----------------------------------------------------------------------------

    @api.model
    def action_compute_scores(self):
        """"Compute now" (who sees every score: the scores section at "all", #18): today's
        scores of every agent of the current companies."""
        if not self.env.user.has_group("crm_sales_base.group_section_scores_all"):
            raise AccessError(_("Only users whose role gives the Scores section at the level “All” compute scores."))
        companies = self.env.companies
        for company in companies:
            self.sudo()._sales_panel_compute(company)
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"type": "success", "message": _("Scores computed."),
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }

    @api.model
    def _cron_compute_scores(self):
        """Nightly: the day that just ended, in each company's own timezone."""
        for company in self.env["res.company"].search([]):
            self._sales_panel_compute(company, company._sales_panel_period("day", offset=-1).start)

    @api.model
    def _sales_panel_agents(self, company):
        """{user: team} of the agents scored in ``company``: active internal members of its
        teams (a member of several teams is judged with their default team, else the first)."""
        members = self.env["crm.team.member"].search([
            ("crm_team_id.company_id", "in", [company.id, False]), ("crm_team_id.active", "=", True),
            ("user_id.active", "=", True), ("user_id.share", "=", False),
        ], order="crm_team_id, id")
        agents = {}
        for member in members:
            user, team = member.user_id, member.crm_team_id
            if user not in agents or user.sale_team_id == team:
                agents[user] = team
        return agents

    @api.model
    def _sales_panel_compute(self, company, day=None):
        """Score every agent of ``company`` on ``day`` (default: today, local): one grouped
        query of figures per period kind for all agents, one search of ratings; scores of
        that day replaced. Returns the scores."""
        day = day or company._sales_panel_today()
        agents = self._sales_panel_agents(company)
        parameters = self.env["crm.agent.score.parameter"].search([("company_id", "=", company.id)])
        users = self.env["res.users"].union(*agents)
        day_stop = company._sales_panel_period("day", day).utc_stop
        periods = {kind: company._sales_panel_period(kind, day) for kind in set(parameters.mapped("period"))}
        values = {}
        figures = parameters.filtered(lambda p: p.kind == "figure")
        Figure = self.env["sales.panel.figure"].sudo()  # everyone's figures, whoever computes
        for kind, kind_parameters in figures.grouped("period").items():
            period = periods[kind]
            # Up to the end of the day scored: a day scored again later counts what it had.
            found = Figure._sales_panel_values(
                set(kind_parameters.mapped("figure")), period.utc_start, min(period.utc_stop, day_stop),
                users, company)
            for parameter in kind_parameters:
                by_user = found.get(parameter.figure, {})
                values[parameter.id] = {user.id: by_user.get(user.id) or 0 for user in users}
        manual = parameters - figures
        if manual:
            ratings = self.env["crm.agent.score.rating"].search([
                ("parameter_id", "in", manual.ids), ("user_id", "in", users.ids),
                ("period_start", "in", [periods[kind].start for kind in set(manual.mapped("period"))]),
            ])
            for parameter in manual:
                values[parameter.id] = {}
            for rating in ratings:
                if rating.period_start == periods[rating.parameter_id.period].start:
                    values[rating.parameter_id.id][rating.user_id.id] = rating.rating
        maths = {parameter: parameter._sales_panel_maths() for parameter in parameters}
        judged = {user.id: [maths[p] for p in parameters if p._applies_to(team)] for user, team in agents.items()}
        # Agents of teams no parameter applies to are not scored (nothing to judge them on).
        agents = {user: team for user, team in agents.items() if judged[user.id]}
        judged = {user.id: judged[user.id] for user in agents}
        team_of = {user.id: team.id for user, team in agents.items()}
        results = scoring.score_agents(judged, values, team_of)
        return self._sales_panel_store(company, day, agents, results, periods, day_stop)

    def _sales_panel_store(self, company, day, agents, results, periods, day_stop):
        """Replace the scores of ``day`` with ``results`` and move the agents' latest flag."""
        users = self.env["res.users"].union(*agents)
        self.search([("company_id", "=", company.id), ("date", "=", day), ("user_id", "in", users.ids)]).unlink()
        totals = {user_id: round(total, 1) for user_id, (total, _parts) in results.items()}
        rank_company = scoring.ranks(totals)
        by_team = defaultdict(dict)
        for user, team in agents.items():
            by_team[team.id][user.id] = totals[user.id]
        rank_team = {user_id: rank for scores in by_team.values() for user_id, rank in scoring.ranks(scores).items()}
        later = {user.id for user, in self._read_group(
            [("company_id", "=", company.id), ("user_id", "in", users.ids), ("date", ">", day)], ["user_id"])}
        parameters = self.env["crm.agent.score.parameter"].browse(
            {part.parameter_id for _total, parts in results.values() for part in parts})
        period_of = {parameter.id: periods[parameter.period] for parameter in parameters}
        vals_list, parts_of = [], []
        for user, team in agents.items():
            vals_list.append({
                "user_id": user.id, "team_id": team.id, "company_id": company.id, "date": day,
                "score": totals[user.id], "rank_team": rank_team[user.id], "team_size": len(by_team[team.id]),
                "rank_company": rank_company[user.id], "company_size": len(totals),
                "latest": user.id not in later,
            })
            parts_of.append(results[user.id][1])
        self.search([("company_id", "=", company.id), ("user_id", "in", [v["user_id"] for v in vals_list if v["latest"]]),
                     ("latest", "=", True), ("date", "<", day)]).latest = False
        scores = self.create(vals_list)
        rows = [
            SQL("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                score.id, part.parameter_id, period_of[part.parameter_id].start,
                min(period_of[part.parameter_id].stop, day + datetime.timedelta(days=1)), part.value or 0.0,
                part.value is not None, part.best or 0.0, part.ratio * 100, part.share * 100, part.points,
                self.env.uid, self.env.cr.now(), self.env.uid, self.env.cr.now())
            for score, parts in zip(scores, parts_of, strict=True) for part in parts]
        if rows:
            # The parts in one INSERT: creating them through the ORM (defaults, one by one)
            # took most of the time of 200 agents' scores (bench/README.md); they have no
            # computed or related field to keep up.
            self.env.cr.execute(SQL(
                "INSERT INTO crm_agent_score_line (score_id, parameter_id, period_start, period_stop, value, "
                "rated, best, ratio, share, points, create_uid, create_date, write_uid, write_date) VALUES %s",
                SQL(", ").join(rows)))
            scores.invalidate_recordset(["line_ids"])
        return scores

    @api.model
    def _sales_panel_demo(self, company_id=None):
        """Demo data: behaviour ratings of the demo agents this month and the scores of the
        last two weeks, so that the ranking and the trends have something to show (in the
        demo company, default: the current one)."""
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        behaviour = self.env.ref("crm_agent_scoring.demo_parameter_behaviour")
        today = company._sales_panel_today()
        agents = [user for user, team in self._sales_panel_agents(company).items() if behaviour._applies_to(team)]
        self.env["crm.agent.score.rating"].create([
            {"parameter_id": behaviour.id, "user_id": user.id, "date": today, "rating": 5 + index % 5,
             "comment": "Demo"}
            for index, user in enumerate(agents)])
        for days_back in range(13, -1, -1):
            self._sales_panel_compute(company, today - datetime.timedelta(days=days_back))

    @api.model
    def _sales_panel_latest(self, users, company, completed=False):
        """{user_id: score} of the agents' latest scores in ``company`` (0 when none).
        ``completed``: the latest of a day over (before today), as the distribution reads
        them: "Compute now" scores today's part of a day, near zero in the morning."""
        domain = [("user_id", "in", users.ids), ("company_id", "=", company.id)]
        found = self.search_read([*domain, ("latest", "=", True)], ["user_id", "score", "date"])
        scores = dict.fromkeys(users.ids, 0.0)
        today = company._sales_panel_today()
        partial = set()
        for row in found:
            if completed and row["date"] >= today:
                partial.add(row["user_id"][0])
            else:
                scores[row["user_id"][0]] = row["score"]
        if partial:
            last = self._read_group([*domain, ("user_id", "in", list(partial)), ("date", "<", today)],
                                    ["user_id"], ["date:max"])
            if last:
                found = self.search_read(expression.OR(
                    [[("user_id", "=", user.id), ("date", "=", date)] for user, date in last]
                ) + [("company_id", "=", company.id)], ["user_id", "score"])
                scores.update({row["user_id"][0]: row["score"] for row in found})
        return scores


class CrmAgentScoreLine(models.Model):
    """One parameter's part of an agent's score: what the agent did, how it was judged."""

    _name = "crm.agent.score.line"
    _description = "Agent score part"
    _order = "score_id, points desc, id"

    score_id = fields.Many2one("crm.agent.score", required=True, ondelete="cascade", index=True)
    parameter_id = fields.Many2one("crm.agent.score.parameter", required=True, ondelete="cascade", index=True)
    period_start = fields.Date("From")
    period_stop = fields.Date("Until (excluded)")
    value = fields.Float(digits=(16, 2), help="The figure over the period, or the rating.")
    rated = fields.Boolean(help="False for a criterion nobody rated for the period yet: it earns nothing.")
    best = fields.Float("Team's best", digits=(16, 2))
    ratio = fields.Float("Achieved (%)", digits=(5, 1))
    share = fields.Float("Weight (%)", digits=(5, 1), help="The parameter's share of the 100 points.")
    points = fields.Float(digits=(5, 1), help="Weight × achieved: this parameter's part of the score.")
