"""Agent scores and the distribution of new leads by score (issue 17): every agent scored
over a quarter beside a per-agent ORM loop computing the same figures, and 10 000 new leads
handed out by score beside stock Odoo's assignment of the same leads."""

import datetime
import statistics
import threading
import time

from odoo.tools import SQL

from odoo.addons.crm_agent_scoring.lib import scoring

from . import dataset
from .harness import benchmark

FIGURES = {  # the parameters of the benchmark: figure, weight, normalisation
    "calls": (2, "best"),
    "calls_successful": (3, "best"),
    "talk_minutes": (2, "target"),
    "sales_amount": (4, "best"),
    "contacts_added_gold_silver": (1, "best"),
}
LEADS = 10_000


def _last_call_day(env, company):
    env.cr.execute("SELECT max(start_date) FROM crm_call")
    last = env.cr.fetchone()[0]
    return company._sales_panel_periods().today(last)


def _parameters(env, agents, day):
    """The benchmark's parameters: a quarter of five figures and a rated criterion."""
    Parameter = env["crm.agent.score.parameter"]
    Parameter.with_context(active_test=False).search([]).unlink()
    parameters = Parameter.create([
        {"name": code, "figure": code, "period": "quarter", "weight": weight, "normalisation": normalisation,
         "target": 3000} for code, (weight, normalisation) in FIGURES.items()])
    behaviour = Parameter.create({"name": "behaviour", "kind": "manual", "period": "quarter", "weight": 1,
                                  "normalisation": "scale"})
    env["crm.agent.score.rating"].create([
        {"parameter_id": behaviour.id, "user_id": user.id, "date": day, "rating": index % 11}
        for index, user in enumerate(agents[::2])])
    env.flush_all()
    return parameters | behaviour


def _naive_scores(env, company, agents, parameters, day):
    """The same scores the quick way: one ORM search or read_group per agent and figure,
    one score created per agent."""
    period = company._sales_panel_period("quarter", day)
    start, stop = period.utc_start, company._sales_panel_period("day", day).utc_stop
    Call, Order, Partner = env["crm.call"], env["sale.order"], env["res.partner"]
    Rating = env["crm.agent.score.rating"]
    values, judged, team_of = {p.id: {} for p in parameters}, {}, {}
    for user, team in agents.items():
        calls = [("user_id", "=", user.id), ("start_date", ">=", start), ("start_date", "<", stop)]
        for parameter in parameters:
            figure = parameter.figure
            if parameter.kind == "manual":
                rating = Rating.search([("parameter_id", "=", parameter.id), ("user_id", "=", user.id),
                                        ("period_start", "=", period.start)])
                value = rating.rating if rating else None
            elif figure == "calls":
                value = Call.search_count(calls)
            elif figure == "calls_successful":
                value = Call.search_count([*calls, ("is_successful", "=", True)])
            elif figure == "talk_minutes":
                value = Call._read_group(calls, [], ["talk_seconds:sum"])[0][0] / 60
            elif figure == "sales_amount":
                value = Order._read_group([("user_id", "=", user.id), ("state", "=", "sale"),
                                           ("date_order", ">=", start), ("date_order", "<", stop)],
                                          [], ["amount_total:sum"])[0][0]
            else:
                value = Partner.search_count([("create_uid", "=", user.id), ("create_date", ">=", start),
                                              ("create_date", "<", stop), ("tier", "in", ("gold", "silver"))])
            values[parameter.id][user.id] = value
        judged[user.id] = [p._sales_panel_maths() for p in parameters]
        team_of[user.id] = team.id
    results = scoring.score_agents(judged, values, team_of)
    Score = env["crm.agent.score"]
    for user, team in agents.items():
        Score.create({"user_id": user.id, "team_id": team.id, "company_id": company.id,
                      "date": day - datetime.timedelta(days=400), "score": results[user.id][0]})


@benchmark("agent scores, a quarter (s)", "<= 1 s for 200 agents (issue 17)", "s")
def agent_scores(ctx):
    env = ctx.env
    company = env.company
    Score = env["crm.agent.score"]
    day = _last_call_day(env, company)
    agents = Score._sales_panel_agents(company)
    parameters = _parameters(env, env["res.users"].union(*agents), day)
    times = []
    for days_back in (2, 1, 0):
        env.invalidate_all()
        start = time.perf_counter()
        scores = Score._sales_panel_compute(company, day - datetime.timedelta(days=days_back))
        env.flush_all()
        times.append(time.perf_counter() - start)
    env.invalidate_all()
    start = time.perf_counter()
    _naive_scores(env, company, agents, parameters, day)
    env.flush_all()
    naive = time.perf_counter() - start
    return {"ours": statistics.median(times), "stock": naive,
            "note": f"{len(scores)} agents x {len(parameters)} parameters (5 figures over the quarter to "
                    f"{day}, 1 rated), {len(scores.line_ids)} parts stored; median of 3 days "
                    f"({', '.join(f'{t:.2f}' for t in times)} s)"}


@benchmark("lead distribution, 10 000 new leads (s)", "<= 10 s at size L (issue 17)", "s")
def lead_distribution(ctx):
    env = ctx.env
    company = env.company
    teams = env["crm.team"].search([("crm_team_member_ids", "!=", False)])
    teams.crm_team_member_ids.write({"assignment_max": 30 * LEADS})  # a day's quota of all the leads
    Score = env["crm.agent.score"]
    day = _last_call_day(env, company)
    agents = Score._sales_panel_agents(company)
    _parameters(env, env["res.users"].union(*agents), day)
    Score._sales_panel_compute(company, day)
    # New leads from a web form, spread over the teams: one made by the ORM, cloned.
    template = env["crm.lead"].with_context(tracking_disable=True).create(
        {"name": "سرنخ وب", "type": "lead", "user_id": False, "team_id": teams[0].id})
    env.flush_all()
    dataset._clone(env, "crm_lead", template.id, {
        "name": SQL("'سرنخ وب ' || s.g"), "team_id": SQL("(%s::int[])[1 + mod(s.g, %s)]", teams.ids, len(teams)),
    }, SQL("(SELECT g, nextval('crm_lead_id_seq') AS id FROM generate_series(1, %s) AS g) AS s", LEADS - 1))
    env.cr.execute(SQL("SELECT id FROM crm_lead WHERE id >= %s ORDER BY id", template.id))
    lead_ids = [row[0] for row in env.cr.fetchall()]

    def new_leads():
        """The same leads, new again: nobody's, never opened, not converted."""
        env.flush_all()
        env.cr.execute(SQL(
            "UPDATE crm_lead SET user_id = NULL, date_open = NULL, type = 'lead', date_conversion = NULL, "
            "score_assignment_note = NULL WHERE id = ANY(%s)", lead_ids))
        env.invalidate_all()

    def run(by_score):
        new_leads()
        teams.assignment_by_score = by_score
        env.flush_all()
        start = time.perf_counter()
        result = teams._assign_and_convert_leads(force_quota=True)
        env.flush_all()
        elapsed = time.perf_counter() - start
        return elapsed, sum(len(data["assigned"]) for data in result.values())

    # Stock's assignment commits every 100 leads unless it runs in a test: the benchmark's
    # transaction is rolled back at its end.
    thread = threading.current_thread()
    testing = getattr(thread, "testing", False)
    thread.testing = True
    try:
        ours, assigned = run(True)
        env.cr.execute(SQL("SELECT count(*) FROM crm_lead WHERE id = ANY(%s) AND score_assignment_note IS NOT NULL",
                           lead_ids))
        explained = env.cr.fetchone()[0]
        stock, stock_assigned = run(False)
    finally:
        thread.testing = testing
    return {"ours": ours, "stock": stock,
            "note": f"{len(lead_ids)} leads, {len(teams)} teams, {len(agents)} agents: {assigned} assigned by score "
                    f"({explained} explained), stock {stock_assigned}"}
