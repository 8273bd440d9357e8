import datetime
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.service.model import retrying
from odoo.tools.misc import formatLang

from odoo.addons.crm_sales_base.lib import calendar, templates

from ..lib import rules as comparisons

METRICS = [
    ("successful_calls", "Successful calls today"),
    ("calls", "Calls today"),
    ("talk_minutes", "Talk minutes today"),
    ("avg_talk_minutes", "Average talk minutes per answered call today"),
    ("contacts_added", "Contacts added today"),
    ("overdue_tasks", "Overdue tasks"),
    ("quotations_without_task", "Open quotations without a task"),
    ("week_count", "Confirmed quotations this week"),
    ("week_count_gap", "Confirmed quotations short of the weekly target"),
    ("week_amount_gap", "Sales short of the weekly target"),
    ("month_count_gap", "Confirmed quotations short of the monthly target"),
    ("month_amount_gap", "Sales short of the monthly target"),
]
# The sales.panel.figure figure each metric of a day reads ("contacts_added_gs": the
# contacts_added metric of a rule counting gold and silver contacts only).
DAY_FIGURES = {
    "successful_calls": "calls_successful", "calls": "calls", "talk_minutes": "talk_minutes",
    "avg_talk_minutes": "avg_talk_minutes", "contacts_added": "contacts_added",
    "contacts_added_gs": "contacts_added_gold_silver",
}
# Figures of the moment the rules are checked.
NOW_FIGURES = {"overdue_tasks": "tasks_overdue", "quotations_without_task": "quotations_without_task"}
# Gaps: (period, figure done, target field); no target, no gap.
GAP_METRICS = {
    "week_count_gap": ("week", "sales_count", "weekly_count"),
    "week_amount_gap": ("week", "sales_amount", "weekly_amount"),
    "month_count_gap": ("month", "sales_count", "monthly_count"),
    "month_amount_gap": ("month", "sales_amount", "monthly_amount"),
}
AMOUNT_METRICS = {"week_amount_gap", "month_amount_gap"}
MINUTE_METRICS = {"talk_minutes", "avg_talk_minutes"}
OPERATORS = [("lt", "is below"), ("le", "is at most"), ("gt", "is above"), ("ge", "is at least")]
COLORS = [("red", "Red"), ("green", "Green"), ("gold", "Gold")]
DAYS = ["day_sat", "day_sun", "day_mon", "day_tue", "day_wed", "day_thu", "day_fri"]
# date.weekday() of each day field
DAY_INDEX = {"day_mon": 0, "day_tue": 1, "day_wed": 2, "day_thu": 3, "day_fri": 4, "day_sat": 5,
             "day_sun": 6}
PLACEHOLDERS = ("name", "value", "threshold", "target", "done")


class CrmAlertRule(models.Model):
    """A warning or a cheer for agents: a figure of theirs compared with a threshold, checked
    from a time of day on chosen days. Managers edit these records; the shipped ones are the
    customer's (F2, F12, F13, F19, F21, F22, F26)."""

    _name = "crm.alert.rule"
    _inherit = ["sales.panel.placeholder.mixin", "mail.thread"]
    _description = "Alert rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company,
                                 help="Empty: the rule applies in every company.", tracking=True)
    metric = fields.Selection(METRICS, required=True, tracking=True)
    gold_silver_only = fields.Boolean(
        "Gold and silver contacts only", tracking=True,
        help="Count only contacts added with a gold or silver tier.")
    operator = fields.Selection(OPERATORS, "Comparison", required=True, default="lt", tracking=True)
    threshold = fields.Float(required=True, default=0.0, tracking=True)
    all_day = fields.Boolean("All day", default=True, tracking=True)
    check_from = fields.Float("Checked from", default=0.0,
                              tracking=True,
                              help="Time of day (company timezone) from which the rule is checked.")
    day_sat = fields.Boolean("Saturday", default=True, tracking=True)
    day_sun = fields.Boolean("Sunday", default=True, tracking=True)
    day_mon = fields.Boolean("Monday", default=True, tracking=True)
    day_tue = fields.Boolean("Tuesday", default=True, tracking=True)
    day_wed = fields.Boolean("Wednesday", default=True, tracking=True)
    day_thu = fields.Boolean("Thursday", default=True, tracking=True)
    day_fri = fields.Boolean("Friday", default=False, tracking=True)
    group_ids = fields.Many2many(
        "res.groups", string="Groups",
        tracking=True,
        help="Members of these groups get the alert; with neither groups nor users, everyone "
        "whose role opens the alerts and the quotations.")
    user_ids = fields.Many2many("res.users", string="Users", tracking=True)
    color = fields.Selection(COLORS, required=True, default="red", tracking=True)
    display = fields.Selection(
        [("systray", "Top bar"), ("banner", "Banner at the top of every page")],
        required=True, default="systray", tracking=True)
    sound = fields.Boolean(help="Play a sound when the alert appears.", tracking=True)
    message = fields.Text(
        required=True, translate=True,
        help="Shown to the agent. Placeholders: {name} (the agent), {value} (the figure), "
        "{threshold}, {target} and {done} (target rules).", tracking=True)

    @api.constrains("message")
    def _check_message(self):
        self._sales_panel_check_placeholders("message", PLACEHOLDERS)

    @api.constrains("check_from")
    def _check_check_from(self):
        for rule in self:
            if not 0 <= rule.check_from < 24:
                raise ValidationError(_("“Checked from” is a time of day, between 00:00 and 23:59."))

    # Evaluation ---------------------------------------------------------------------------

    def _is_due(self, local):
        """Whether the rule is checked at the local datetime ``local``."""
        self.ensure_one()
        day = next(name for name, index in DAY_INDEX.items() if index == local.weekday())
        return self[day] and (self.all_day or calendar.hours(local) >= self.check_from)

    def _audience(self, company):
        """Internal users the rule speaks to whose company is ``company``."""
        self.ensure_one()
        users = self.user_ids | self.group_ids.users
        if not (self.user_ids or self.group_ids):
            # Everyone whose role opens the alerts section and who sells (the quotations
            # section): the shipped rules measure selling, marketers are not judged on it (#18).
            users = (self.env.ref("crm_sales_base.group_section_alerts").users
                     & self.env.ref("crm_sales_base.group_section_quotations").users)
        return users.filtered(lambda u: u.active and not u.share and u.company_id == company)

    @api.model
    def _sales_panel_figures(self, company, users, metrics, day, now):
        """``{metric: {user_id: value}}`` for the users on the local ``day``, from the
        figures of sales.panel.figure (grouped queries for all of them). Counts default to
        0; averages and gaps are None where they do not exist (no answered call, no
        target)."""
        Figure = self.env["sales.panel.figure"].sudo()
        figures = {metric: {} for metric in metrics}
        today = company._sales_panel_days(day, day + datetime.timedelta(days=1))
        for names, utc_stop in ((DAY_FIGURES, today.utc_stop), (NOW_FIGURES, now)):
            wanted = {metric: code for metric, code in names.items() if metric in metrics}
            if wanted:
                values = Figure._sales_panel_values(set(wanted.values()), today.utc_start, utc_stop, users, company)
                figures.update({metric: values[code] for metric, code in wanted.items()})
        wanted = {GAP_METRICS[m][0] for m in metrics if m in GAP_METRICS} | (
            {"week"} if "week_count" in metrics else set())
        if wanted:
            sales = {}
            for kind in wanted:
                period = company._sales_panel_period(kind, day)
                sales[kind] = Figure._sales_panel_values(
                    {"sales_count", "sales_amount"}, period.utc_start, period.utc_stop, users, company)
            if "week_count" in figures:
                figures["week_count"] = sales["week"]["sales_count"]
            gap_metrics = [m for m in metrics if m in GAP_METRICS]
            targets = self.env["crm.sales.target"]._sales_panel_targets(users, day, company) if gap_metrics else {}
            for metric in gap_metrics:
                kind, code, field = GAP_METRICS[metric]
                for user_id in users.ids:
                    target = targets[user_id][field]
                    done = sales[kind][code].get(user_id, 0)
                    figures[metric][user_id] = None if target is None else max(target - done, 0)
                    figures.setdefault(f"{metric}:target", {})[user_id] = target
                    figures.setdefault(f"{metric}:done", {})[user_id] = done
        return figures

    def _sales_panel_evaluate(self, now=None, users=None):
        """Check these rules (all active ones when called on none) for their audience, or for
        ``users`` only, at ``now`` (naive UTC). The day's results are kept per agent: a rule
        that fires opens or refreshes its result, one that stops firing switches it off.
        Agents whose alerts changed are told over the bus. Returns the results touched."""
        now = now or fields.Datetime.now()
        rules = self or self.search([])
        Result = self.env["crm.alert.result"].sudo()
        touched = Result
        for company in self.env["res.company"].sudo().search([]):
            company_rules = rules.filtered(lambda r, c=company: r.company_id in (c, r.env["res.company"]))
            audience = {rule: rule._audience(company) for rule in company_rules}
            if users is not None:
                audience = {rule: members & users for rule, members in audience.items()}
            everyone = self.env["res.users"].union(*audience.values())
            if not everyone:
                continue
            local = calendar.local_now(now, company._sales_panel_calendar()[0])
            day = local.date()
            due = company_rules.filtered(lambda r, t=local: r._is_due(t))
            figures = self._sales_panel_figures(
                company, self.env["res.users"].union(*(audience[r] for r in due)),
                {r._figure_key() for r in due}, day, now) if due else {}
            existing = {(res.rule_id.id, res.user_id.id): res for res in Result.search([
                ("rule_id", "in", company_rules.ids), ("date", "=", day), ("user_id", "in", everyone.ids)])}
            to_create, to_write = [], defaultdict(lambda: Result)
            for rule in company_rules:
                key = rule._figure_key()
                values = figures.get(key, {})
                default = None if key in ("avg_talk_minutes", *GAP_METRICS) else 0
                for user in audience[rule]:
                    value = values.get(user.id, default)
                    on = rule in due and comparisons.fires(rule.operator, value, rule.threshold)
                    vals = {"is_on": on}
                    if on:
                        vals.update(value=value, target=figures.get(f"{key}:target", {}).get(user.id) or 0.0,
                                    done=figures.get(f"{key}:done", {}).get(user.id) or 0.0)
                    result = existing.get((rule.id, user.id))
                    if result is None:
                        if on:
                            to_create.append(dict(vals, rule_id=rule.id, user_id=user.id, date=day,
                                                  company_id=company.id, first_on=now))
                    elif any(result[name] != val for name, val in vals.items()):
                        # Results with the same new values are written together.
                        to_write[tuple(sorted(vals.items()))] |= result
            # Not create(): an agent's page load and the 5-minute job check the same rules,
            # and the other may have opened the day's result since it was searched above.
            changed = Result._sales_panel_upsert(to_create)
            for vals, results in to_write.items():
                results.write(dict(vals))
                changed |= results
            touched |= changed
            for user in changed.user_id:
                user._bus_send("sales_panel/alerts", {"changed": True})
        return touched

    def _figure_key(self):
        self.ensure_one()
        return "contacts_added_gs" if self.metric == "contacts_added" and self.gold_silver_only else self.metric

    @api.model
    def _cron_sales_panel_evaluate(self):
        # An agent's page load may commit the results of the same rules after this job's
        # snapshot was taken: PostgreSQL then refuses the job's write with a serialization
        # failure. The job owns its transaction: it starts again on a fresh snapshot, the way
        # Odoo retries a request (odoo.service.model.retrying), instead of failing.
        retrying(lambda: self.search([])._sales_panel_evaluate(), self.env)

    # Display ------------------------------------------------------------------------------

    def _format(self, value, company):
        self.ensure_one()
        if value is None:
            return ""
        if self.metric in AMOUNT_METRICS:
            return company.with_env(self.env)._sales_panel_format_amount(value)
        if self.metric in MINUTE_METRICS:
            return formatLang(self.env, value, digits=1)
        return formatLang(self.env, value, digits=0)

    def _render(self, user, value, target, done, company):
        self.ensure_one()
        return templates.render(self.message, {
            "name": user.name,
            "value": self._format(value, company),
            "threshold": self._format(self.threshold, company),
            "target": self._format(target, company),
            "done": self._format(done, company),
        })
