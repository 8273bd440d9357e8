from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def init(self):
        # An agent's overdue tasks (alerts, banner, agent home), oldest first: with only
        # Odoo's single-column indexes the planner walked every overdue task of everyone
        # by deadline looking for the agent's first ten (0.7 s at 2 000 000 tasks).
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS mail_activity_user_deadline_idx ON mail_activity (user_id, date_deadline) "
            "WHERE active")
