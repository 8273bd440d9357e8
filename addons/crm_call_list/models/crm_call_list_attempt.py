from odoo import api, fields, models


class CrmCallListAttempt(models.Model):
    """One call to a number of a call list: dialled through the PBX (its call record) or by
    hand, with the outcome the agent gave it. The statistics count these."""

    _name = "crm.call.list.attempt"
    _description = "Call to a number of a call list"
    _order = "date desc, id desc"

    number_id = fields.Many2one("crm.call.list.number", required=True, index=True, ondelete="cascade")
    list_id = fields.Many2one(related="number_id.list_id", store=True, index=True)
    company_id = fields.Many2one(related="number_id.company_id", store=True)
    user_id = fields.Many2one("res.users", "Agent", required=True, ondelete="cascade")
    team_id = fields.Many2one("crm.team", "Sales Team", ondelete="set null",
                              default=lambda self: self.env.user.sale_team_id)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    call_id = fields.Many2one("crm.call", index="btree_not_null", ondelete="set null")
    outcome_id = fields.Many2one("crm.call.list.outcome", ondelete="restrict")
    note = fields.Text()
    reached = fields.Boolean(compute="_compute_reached", store=True,
                             help="The outcome says the person was reached, or the call was answered.")
    talk_seconds = fields.Integer(related="call_id.talk_seconds", store=True, string="Talk time (s)")

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_call_list_attempt_user_date_idx ON crm_call_list_attempt (user_id, date)")

    @api.depends("outcome_id.reached", "call_id.is_answered")
    def _compute_reached(self):
        for attempt in self:
            attempt.reached = attempt.outcome_id.reached if attempt.outcome_id else attempt.call_id.is_answered

    @api.model_create_multi
    def create(self, vals_list):
        attempts = super().create(vals_list)
        for number in attempts.number_id:
            mine = attempts.filtered(lambda a, n=number: a.number_id == n)
            number.sudo().write({"attempt_count": number.attempt_count + len(mine),
                                 "last_attempt_date": max(mine.mapped("date"))})
        for attempt in attempts.filtered(lambda a: not a.team_id):
            attempt.team_id = attempt.user_id.sale_team_id
        return attempts
