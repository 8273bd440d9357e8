from odoo import fields, models


class CrmAlertResult(models.Model):
    """What a rule said to an agent on a day: kept, so that managers see who was behind
    when. One row per rule, agent and day, opened when the rule first fires."""

    _name = "crm.alert.result"
    _description = "Alert of an agent"
    _order = "date desc, first_on desc, id desc"
    _rec_name = "rule_id"

    rule_id = fields.Many2one("crm.alert.rule", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", "Agent", required=True, ondelete="cascade")
    team_id = fields.Many2one(related="user_id.sale_team_id", string="Sales Team")
    company_id = fields.Many2one("res.company", required=True)
    date = fields.Date(required=True, help="Day in the company's timezone.")
    is_on = fields.Boolean("Showing", help="The rule still fires at its last check.")
    first_on = fields.Datetime("First shown")
    value = fields.Float(help="The agent's figure at the last check that fired.")
    target = fields.Float()
    done = fields.Float()
    color = fields.Selection(related="rule_id.color")
    metric = fields.Selection(related="rule_id.metric")
    message = fields.Text(compute="_compute_message")

    _sql_constraints = [
        ("rule_user_date_uniq", "unique(rule_id, user_id, date)", "One result per rule, agent and day."),
    ]

    def init(self):
        # The top bar reads an agent's results of the day.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_alert_result_user_date_idx ON crm_alert_result (user_id, date DESC)")

    def _compute_message(self):
        # In the reader's language, with the rule's current text.
        for result in self:
            result.message = result.rule_id.sudo()._render(
                result.user_id, result.value, result.target, result.done, result.company_id)

    def _sales_panel_format(self):
        return [{
            "id": result.id,
            "rule_id": result.rule_id.id,
            "name": result.rule_id.name,
            "color": result.color,
            "metric": result.metric,
            "display": result.rule_id.display,
            "sound": result.rule_id.sound,
            "message": result.message,
        } for result in self]
