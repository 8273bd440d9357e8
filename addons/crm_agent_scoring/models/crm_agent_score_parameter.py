from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import scoring

PERIODS = [("day", "Day"), ("week", "Week"), ("month", "Month"), ("quarter", "Quarter")]


class CrmAgentScoreParameter(models.Model):
    """What agents are judged on (F25): a figure of the panel over a period, or a criterion
    a supervisor rates by hand, with its weight in the score and how it is normalised."""

    _name = "crm.agent.score.parameter"
    _inherit = ["mail.thread"]  # every change of the rules kept, with who and when
    _description = "Score parameter"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company, tracking=True)
    kind = fields.Selection(
        [("figure", "Figure"), ("manual", "Rated by the supervisor")], required=True, default="figure", tracking=True,
        help="A figure the panel records (calls, talk minutes, sales…), or a criterion such as "
        "behaviour that supervisors rate for each agent and period.")
    figure = fields.Selection(selection="_selection_figure", tracking=True)
    period = fields.Selection(PERIODS, required=True, default="month", tracking=True,
                              help="The figure is counted over the day, week, month or quarter "
                              "holding the day scored, up to its end; ratings are given per period.")
    weight = fields.Float(required=True, default=1.0, tracking=True,
                          help="Share of the score: a parameter of weight 2 counts twice one of weight 1.")
    normalisation = fields.Selection(
        [(scoring.BEST, "Against the team's best"), (scoring.TARGET, "Against a target"),
         (scoring.SCALE, "On a fixed scale")], required=True, default=scoring.BEST, tracking=True,
        help="Team's best: the best agent of the team earns the whole part, the others in "
        "proportion. Target: the whole part at the target. Fixed scale: nothing at the low "
        "value, the whole part at the high value.")
    higher_is_better = fields.Boolean(
        "Higher is better", default=True, tracking=True,
        help="Untick for figures where less is better, such as overdue tasks.")
    target = fields.Float(tracking=True)
    scale_low = fields.Float("Low value", default=0.0, tracking=True,
                             help="Fixed scale: nothing at this value; ratings start here.")
    scale_high = fields.Float("High value", default=10.0, tracking=True,
                              help="Fixed scale: the whole part at this value; ratings end here.")
    team_ids = fields.Many2many("crm.team", string="Sales Teams", tracking=True,
                                help="Teams whose agents are judged on it; empty: every team.")
    rating_ids = fields.One2many("crm.agent.score.rating", "parameter_id", "Ratings")

    @api.model
    def _selection_figure(self):
        return [(code, label) for code, label, _unit in self.env["sales.panel.figure"]._sales_panel_figure_list()]

    @api.constrains("kind", "figure", "weight", "normalisation", "target", "scale_low", "scale_high")
    def _check_parameter(self):
        for parameter in self:
            if parameter.kind == "figure" and not parameter.figure:
                raise ValidationError(_("Choose the figure of “%s”.", parameter.name))
            if parameter.weight <= 0:
                raise ValidationError(_("The weight of “%s” must be above zero.", parameter.name))
            if parameter.normalisation == scoring.TARGET and parameter.target <= 0:
                raise ValidationError(_("The target of “%s” must be above zero.", parameter.name))
            if (parameter.normalisation == scoring.SCALE or parameter.kind == "manual") \
                    and parameter.scale_high <= parameter.scale_low:
                raise ValidationError(_("The high value of “%s” must be above its low value.", parameter.name))

    def write(self, vals):
        if "period" in vals or "company_id" in vals:
            self._check_ratings_keep_their_periods(vals)
        return super().write(vals)

    def _check_ratings_keep_their_periods(self, vals):
        """A new period (or company calendar) must not put two ratings of an agent in one
        period: the database refuses it with an error naming none of them."""
        for parameter in self.filtered(lambda p: p.rating_ids):
            period = vals.get("period", parameter.period)
            company = self.env["res.company"].browse(vals.get("company_id", parameter.company_id.id))
            seen = {}
            for rating in parameter.rating_ids.sorted("date"):
                start = company._sales_panel_period(period, rating.date).start
                other = seen.setdefault((rating.user_id, start), rating)
                if other != rating:
                    raise ValidationError(_(
                        "“%(name)s” cannot be rated by %(period)s: %(agent)s has ratings of %(first)s and "
                        "%(second)s, which would fall in the same %(period)s from %(start)s. Delete one "
                        "of them first, or keep the period.",
                        name=parameter.name, agent=rating.user_id.name, first=other.date,
                        second=rating.date, start=start,
                        period=dict(self._fields["period"]._description_selection(self.env))[period].lower()))

    def _sales_panel_maths(self):
        """The parameter as the scoring library reads it."""
        self.ensure_one()
        return scoring.Parameter(
            id=self.id, weight=self.weight, normalisation=self.normalisation,
            higher_is_better=self.higher_is_better, target=self.target,
            scale_low=self.scale_low, scale_high=self.scale_high)

    def _applies_to(self, team):
        self.ensure_one()
        return not self.team_ids or team in self.team_ids
