import datetime

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib import calendar


def figures(alias):
    """The figures of crm.call._sales_panel_stats() over the calls of ``alias``: incoming,
    outgoing, missed, answered, successful, talk seconds of the answered ones."""
    column = lambda name: SQL.identifier(alias, name)  # noqa: E731
    return SQL(", ").join([
        SQL("count(*) FILTER (WHERE %s = 'incoming')", column("direction")),
        SQL("count(*) FILTER (WHERE %s = 'outgoing')", column("direction")),
        SQL("count(*) FILTER (WHERE %s = 'incoming' AND NOT %s)", column("direction"), column("is_answered")),
        SQL("count(*) FILTER (WHERE %s)", column("is_answered")),
        SQL("count(*) FILTER (WHERE %s)", column("is_successful")),
        SQL("coalesce(sum(%s) FILTER (WHERE %s), 0)", column("talk_seconds"), column("is_answered")),
    ])


COLUMNS = ["incoming", "outgoing", "missed", "answered", "successful", "talk_seconds"]
ROLL_UP_DAYS = 400  # a run's batch: a historic backfill is caught up over a few runs


class CrmCallDay(models.Model):
    """Call figures per company, local day, agent and team (P1): long-range statistics read
    these rows instead of millions of calls. Written only by the roll-up job; a day is read
    from here only while its state row says it is clean: a call stored, changed or removed
    on that day marks it dirty (it is then counted from the calls again until rolled up)."""

    _name = "crm.call.day"
    _description = "Call figures of a day"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True)
    user_id = fields.Many2one("res.users", ondelete="cascade")
    team_id = fields.Many2one("crm.team", ondelete="cascade")
    incoming = fields.Integer()
    outgoing = fields.Integer()
    missed = fields.Integer()
    answered = fields.Integer()
    successful = fields.Integer()
    talk_seconds = fields.Integer()

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_call_day_company_day_idx ON crm_call_day (company_id, day)")

    @api.model
    def _sales_panel_mark(self, company, utc_starts):
        """Days of ``company`` holding these call starts (naive UTC) are dirty. An upsert of
        the day's state row: a roll-up of the same day running concurrently then fails to
        serialise and is redone, instead of storing figures without these calls."""
        tz_name = company._sales_panel_calendar()[0]
        # Offsets are whole quarters of an hour: one conversion per quarter, not per call.
        quarters = {start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
                    for start in utc_starts if start}
        days = sorted({calendar.to_local(quarter, tz_name).date() for quarter in quarters})
        if days:
            self.env.cr.execute(SQL(
                "INSERT INTO crm_call_day_state (company_id, day, dirty) SELECT %s, unnest(%s::date[]), true "
                "ON CONFLICT (company_id, day) DO UPDATE SET dirty = true", company.id, days))
            self.env["crm.call.day.state"].invalidate_model()

    @api.model
    def _sales_panel_forget(self, companies):
        """Every day of these companies is counted from the calls again (their timezone or
        successful-call threshold changed)."""
        self.env.cr.execute(SQL("DELETE FROM crm_call_day_state WHERE company_id = ANY(%s)", companies.ids))
        self.env["crm.call.day.state"].invalidate_model()

    @api.model
    def _sales_panel_clean_days(self, company, date_from, date_to):
        return {day for (day,) in self.env.execute_query(SQL(
            "SELECT day FROM crm_call_day_state WHERE company_id = %s AND day BETWEEN %s AND %s AND NOT dirty",
            company.id, date_from, date_to))}

    @api.model
    def _cron_sales_panel_roll_up(self):
        for company in self.env["res.company"].search([]):
            if self._sales_panel_roll_up(company) >= ROLL_UP_DAYS:
                self.env.ref("crm_voip_bridge.ir_cron_call_day_roll_up")._trigger()

    @api.model
    def _sales_panel_roll_up(self, company, today=None):
        """Roll up the company's days before today that are dirty or were never rolled up,
        oldest first, at most ROLL_UP_DAYS of them. Returns how many."""
        tz = company._sales_panel_calendar()[0]
        today = today or company._sales_panel_today()
        self.env["crm.call"].flush_model()
        rows = self.env.execute_query(SQL(
            "SELECT min(start_date) FROM crm_call WHERE company_id = %s", company.id))
        if not rows[0][0]:
            return 0
        first = calendar.to_local(rows[0][0], tz).date()
        days = [day for (day,) in self.env.execute_query(SQL(
            "SELECT d::date FROM generate_series(%s::date, %s::date, interval '1 day') AS d "
            "WHERE NOT EXISTS (SELECT 1 FROM crm_call_day_state s WHERE s.company_id = %s "
            "AND s.day = d::date AND NOT s.dirty) ORDER BY 1 LIMIT %s",
            first, today - datetime.timedelta(days=1), company.id, ROLL_UP_DAYS))]
        if not days:
            return 0
        local_day = SQL("(start_date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz)
        start, stop = calendar.utc_bounds(days[0], days[-1] + datetime.timedelta(days=1), tz)
        self.env.cr.execute(SQL("DELETE FROM crm_call_day WHERE company_id = %s AND day = ANY(%s::date[])",
                                company.id, days))
        self.env.cr.execute(SQL(
            "INSERT INTO crm_call_day (company_id, day, user_id, team_id, %s) "
            "SELECT company_id, %s, user_id, team_id, %s FROM crm_call "
            "WHERE company_id = %s AND start_date >= %s AND start_date < %s AND %s = ANY(%s::date[]) "
            "GROUP BY company_id, 2, user_id, team_id",
            SQL(", ").join(SQL.identifier(c) for c in COLUMNS), local_day, figures("crm_call"), company.id,
            start, stop, local_day, days))
        self.env.cr.execute(SQL(
            "INSERT INTO crm_call_day_state (company_id, day, dirty) SELECT %s, unnest(%s::date[]), false "
            "ON CONFLICT (company_id, day) DO UPDATE SET dirty = false", company.id, days))
        self.invalidate_model()
        self.env["crm.call.day.state"].invalidate_model()
        return len(days)


class CrmCallDayState(models.Model):
    """Whether a day of a company is rolled up and clean (see crm.call.day)."""

    _name = "crm.call.day.state"
    _description = "Call figures of a day: state"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True)
    dirty = fields.Boolean()

    _sql_constraints = [("company_day_uniq", "unique(company_id, day)", "One state per company and day.")]
