from odoo import api, fields, models
from odoo.tools import SQL


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

    @api.model
    def _sales_panel_upsert(self, vals_list):
        """Open these results (dicts of rule_id, user_id, company_id, date, is_on, first_on,
        value, target, done); one that a concurrent check opened meanwhile gets these
        values instead of failing on the (rule, agent, day) key. Rows go in key order, so
        two checks lock them in the same order. Returns the results."""
        if not vals_list:
            return self.browse()
        now = self.env.cr.now()
        rows = SQL(", ").join(
            SQL("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                vals["rule_id"], vals["user_id"], vals["company_id"], vals["date"], vals["is_on"],
                vals["first_on"], vals["value"], vals["target"], vals["done"],
                self.env.uid, self.env.uid, now, now)
            for vals in sorted(vals_list, key=lambda v: (v["rule_id"], v["user_id"], v["date"])))
        self.flush_model()
        # Against a result a concurrent check committed after this transaction's snapshot,
        # PostgreSQL (repeatable read) raises a serialization failure: the request or the
        # job is then run again on a fresh snapshot (odoo.service.model.retrying), so it is
        # no "bad query" for the log.
        self.env.cr.execute(SQL(
            """INSERT INTO crm_alert_result AS r (rule_id, user_id, company_id, date, is_on, first_on,
                                                 value, target, done,
                                                 create_uid, write_uid, create_date, write_date)
               VALUES %s
               ON CONFLICT (rule_id, user_id, date) DO UPDATE
                   SET is_on = EXCLUDED.is_on, value = EXCLUDED.value, target = EXCLUDED.target,
                       done = EXCLUDED.done, first_on = coalesce(r.first_on, EXCLUDED.first_on),
                       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
               RETURNING r.id""", rows), log_exceptions=False)
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model()
        return self.browse(ids)

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
