from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CrmAgentScoreRating(models.Model):
    """A supervisor's rating of an agent of their team on a manual criterion (behaviour,
    quality of calls…) for one period, with a comment (F25)."""

    _name = "crm.agent.score.rating"
    _description = "Agent rating"
    _order = "period_start desc, id desc"
    _rec_name = "parameter_id"

    parameter_id = fields.Many2one(
        "crm.agent.score.parameter", "Criterion", required=True, ondelete="cascade", index=True,
        domain="[('kind', '=', 'manual')]")
    user_id = fields.Many2one("res.users", "Agent", required=True, index=True, ondelete="cascade",
                              domain="[('share', '=', False)]")
    company_id = fields.Many2one(related="parameter_id.company_id", store=True, index=True)
    date = fields.Date("Day", required=True, default=fields.Date.context_today,
                       help="Any day of the period rated.")
    period_start = fields.Date("Period", compute="_compute_period_start", store=True, index=True,
                               help="First day of the criterion's period holding the day.")
    rating = fields.Float(required=True, help="Between the criterion's low and high values.")
    comment = fields.Text()
    rated_by_id = fields.Many2one("res.users", "Rated by", default=lambda self: self.env.user, readonly=True)

    _sql_constraints = [
        ("one_per_period", "UNIQUE(parameter_id, user_id, period_start)",
         "An agent has one rating per criterion and period: change the existing one."),
    ]

    @api.depends("date", "parameter_id.period", "parameter_id.company_id")
    def _compute_period_start(self):
        for rating in self:
            parameter = rating.parameter_id
            rating.period_start = parameter and rating.date and parameter.company_id._sales_panel_period(
                parameter.period, rating.date).start

    @api.constrains("parameter_id", "rating")
    def _check_rating(self):
        for rating in self:
            parameter = rating.parameter_id
            if parameter.kind != "manual":
                raise ValidationError(_("“%s” is a figure counted by the panel, not a criterion to rate.",
                                        parameter.name))
            if not parameter.scale_low <= rating.rating <= parameter.scale_high:
                raise ValidationError(_(
                    "A rating of “%(name)s” is between %(low)s and %(high)s.", name=parameter.name,
                    low=parameter.scale_low, high=parameter.scale_high))

    def _check_not_self(self):
        """Nobody but a manager (the scores section at "all", #18) rates themselves (a
        supervisor is often a member of their team)."""
        if self.env.su or self.env.user.has_group("crm_sales_base.group_section_scores_all"):
            return
        if any(rating.user_id == self.env.user for rating in self):
            raise AccessError(_("You cannot rate yourself."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("rated_by_id", None)
        ratings = super().create(vals_list)
        ratings._check_not_self()
        return ratings

    def write(self, vals):
        vals = dict(vals, rated_by_id=self.env.user.id)
        result = super().write(vals)
        self._check_not_self()
        return result
