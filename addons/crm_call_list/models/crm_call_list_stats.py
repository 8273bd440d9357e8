from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .crm_call_list_number import SECTION, SECTION_ALL, SECTION_TEAM
from .sales_panel_figure import FIXED, OUTCOME_PREFIX


class CrmCallListStats(models.TransientModel):
    """Call lists' statistics of a day, the agents side by side; or one agent's month, day
    by day. The figures are the shared figures layer's (sales.panel.figure), read with the
    user's rights: agents see their own, supervisors their teams', managers everyone's."""

    _name = "crm.call.list.stats"
    _description = "Call list statistics"

    day = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", "Agent", help="Set: the agent's month, day by day.")
    line_ids = fields.One2many("crm.call.list.stats.line", "stats_id", "Figures")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.user.has_group(SECTION):
            raise AccessError(_("Only the Sales Panel's roles read call list statistics."))
        records = super().create(vals_list)
        records._call_list_fill()
        return records

    def action_refresh(self):
        self.check_access("write")
        self._call_list_fill()
        return True

    def _call_list_agents(self):
        user = self.env.user
        Users = self.env["res.users"]
        if user.has_group(SECTION_ALL):
            return Users.search([("company_ids", "in", self.env.company.id), ("share", "=", False),
                                 ("groups_id", "in", self.env.ref(SECTION).ids)])
        if user.has_group(SECTION_TEAM):
            teams = self.env["crm.team"].search([("user_id", "=", user.id)])
            return teams.member_ids | user
        return user

    def _call_list_fill(self):
        company = self.env.company
        outcomes = self.env["crm.call.list.outcome"].search([])
        codes = [*FIXED, *(f"{OUTCOME_PREFIX}{outcome.id}" for outcome in outcomes)]
        Figure = self.env["sales.panel.figure"]
        for stats in self:
            if stats.user_id:
                agents = stats.user_id & stats._call_list_agents()
                if not agents:
                    raise AccessError(_("You do not see this agent's figures."))
                month = company._sales_panel_period("month", stats.day)
                periods = [company._sales_panel_period("day", month.start, offset)
                           for offset in range((month.stop - month.start).days)]
            else:
                agents = stats._call_list_agents()
                periods = [company._sales_panel_period("day", stats.day)]
            lines = []
            for period in periods:
                values = Figure._sales_panel_values(codes, period.utc_start, period.utc_stop, agents, company)
                for agent in agents.sorted("name"):
                    counts = [(outcome.name, values[f"{OUTCOME_PREFIX}{outcome.id}"].get(agent.id, 0))
                              for outcome in outcomes]
                    lines.append({
                        "user_id": agent.id, "day": period.start,
                        "dialled": values["call_list_dialled"].get(agent.id, 0),
                        "reached": values["call_list_reached"].get(agent.id, 0),
                        "talk_minutes": values["call_list_talk_minutes"].get(agent.id, 0),
                        "outcomes": " · ".join(f"{name}: {count}" for name, count in counts if count),
                    })
            stats.line_ids = [fields.Command.clear()] + [fields.Command.create(line) for line in lines]


class CrmCallListStatsLine(models.TransientModel):
    _name = "crm.call.list.stats.line"
    _description = "Call list statistics: an agent's day"
    _order = "day, id"

    stats_id = fields.Many2one("crm.call.list.stats", required=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", "Agent", readonly=True)
    day = fields.Date(readonly=True)
    dialled = fields.Integer(readonly=True)
    reached = fields.Integer(readonly=True)
    talk_minutes = fields.Float("Talk minutes", digits=(16, 1), readonly=True)
    outcomes = fields.Char(readonly=True)

    def action_open_month(self):
        """The agent's month, day by day."""
        self.ensure_one()
        self.check_access("read")
        stats = self.env["crm.call.list.stats"].create({"day": self.day, "user_id": self.user_id.id})
        return {
            "type": "ir.actions.act_window", "res_model": "crm.call.list.stats", "res_id": stats.id,
            "views": [(False, "form")], "target": "current",
            "name": _("%(agent)s: the month", agent=self.user_id.name),
        }
