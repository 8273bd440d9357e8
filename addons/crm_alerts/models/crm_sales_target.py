from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TARGET_FIELDS = ("weekly_count", "weekly_amount", "monthly_count", "monthly_amount")


class CrmSalesTarget(models.Model):
    """A sales target from a day on, for an agent or as their team's default.

    The target of a period is the latest one that starts on or before the period's first
    day: each new record opens a new stretch, and the old ones stay as history. An agent's
    own figure wins over the team's; 0 means "no target"."""

    _name = "crm.sales.target"
    _inherit = ["mail.thread"]
    _description = "Sales target"
    _order = "date_start desc, id desc"
    _rec_name = "date_start"

    user_id = fields.Many2one("res.users", "Agent", index=True, ondelete="cascade", tracking=True)
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, ondelete="cascade",
                              tracking=True,
                              help="A default for the members of the team who have no target of their own.")
    date_start = fields.Date("From", required=True, default=lambda self: self._default_date_start(),
                             tracking=True,
                             help="First day this target applies to; it holds until a later one starts.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company,
                                 tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    weekly_count = fields.Integer("Confirmed quotations a week", tracking=True)
    weekly_amount = fields.Monetary("Sales a week", tracking=True)
    monthly_count = fields.Integer("Confirmed quotations a month", tracking=True)
    monthly_amount = fields.Monetary("Sales a month", tracking=True)

    _sql_constraints = [
        ("agent_or_team", "CHECK((user_id IS NULL) <> (team_id IS NULL))",
         "A target is either an agent's or a team's default."),
    ]

    @api.constrains(*TARGET_FIELDS)
    def _check_positive(self):
        for target in self:
            if any(target[name] < 0 for name in TARGET_FIELDS):
                raise ValidationError(_("A target cannot be negative."))

    @api.model
    def _default_date_start(self):
        """The first day of the current month of the company's calendar (1 Azar in a
        Solar Hijri company on 1 December): a monthly target counts from its month's start."""
        return self.env.company._sales_panel_period("month").start

    @api.depends("user_id", "team_id", "date_start")
    @api.depends_context("uid", "lang", "allowed_company_ids")
    def _compute_display_name(self):
        # The day as the reader reads dates everywhere in the suite (1405/09/01, 11/22/2026).
        user = self.env.user
        for target in self:
            who = target.user_id.name or target.team_id.name or ""
            target.display_name = f"{who} ({user._sales_panel_format_date(target.date_start)})"

    @api.model
    def _sales_panel_targets(self, users, day, company):
        """``{user_id: {"weekly_count", "weekly_amount", "monthly_count", "monthly_amount"}}``
        for the week and the month holding ``day``; a value is None where neither the agent
        nor their team has a target. Two searches for everyone."""
        starts = {
            "weekly": company._sales_panel_period("week", day).start,
            "monthly": company._sales_panel_period("month", day).start,
        }
        teams = users.sale_team_id
        records = self.sudo().search([
            ("company_id", "=", company.id), ("date_start", "<=", max(starts.values())),
            "|", ("user_id", "in", users.ids), ("team_id", "in", teams.ids),
        ], order="date_start desc, id desc")
        by_user, by_team = defaultdict(list), defaultdict(list)
        for target in records:  # newest first
            if target.user_id:
                by_user[target.user_id.id].append(target)
            else:
                by_team[target.team_id.id].append(target)
        result = {}
        for user in users:
            own, team = by_user[user.id], by_team[user.sale_team_id.id]
            values = {}
            for name in TARGET_FIELDS:
                start = starts[name.split("_")[0]]
                value = None
                for candidates in (own, team):
                    current = next((t for t in candidates if t.date_start <= start), None)
                    if current and current[name]:
                        value = current[name]
                        break
                values[name] = value
            result[user.id] = values
        return result
