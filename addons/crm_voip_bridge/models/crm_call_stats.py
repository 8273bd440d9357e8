import datetime

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib import calendar

from .crm_call_day import COLUMNS as DAY_COLUMNS
from .crm_call_day import figures


class CrmCall(models.Model):
    """The call figures of every screen (home, reports, alerts, scores)."""

    _inherit = "crm.call"

    @api.model
    def _sales_panel_stats(self, date_from, date_to, user_ids=None, groupby="user_id", by_day=False):
        """Call figures per agent (``groupby="user_id"``) or team (``"team_id"``), optionally
        per day, from ``date_from`` to ``date_to`` (``date``s, inclusive, in the company's
        timezone), for everyone at once:

        ``{key: {"incoming", "outgoing", "missed", "answered", "successful",
        "talk_minutes", "avg_talk_minutes"}}`` where ``key`` is the agent or team id, or
        ``(id, date)`` with ``by_day``. "Missed" is an incoming call nobody answered;
        averages are per answered call.

        The user's record rules apply. For users who see every call (managers), days rolled
        up by crm.call.day are read from there and only the others (today, days changed
        since) from the calls: a two-year range reads a few hundred thousand rows, not
        millions."""
        if groupby not in ("user_id", "team_id"):
            raise ValueError(groupby)
        company = self.env.company
        clean = set()
        if len(self.env.companies) == 1 and (
                self.env.su or self.env.user.has_group("crm_sales_base.group_section_calls_all")):
            clean = self.env["crm.call.day"]._sales_panel_clean_days(company, date_from, date_to)
        totals = {}

        def add(rows):
            for key, day_value, *values in rows:
                key = (key, day_value) if by_day else key
                totals[key] = [a + b for a, b in zip(totals.get(key, [0] * 6), values, strict=True)]

        if clean:
            day = SQL("day") if by_day else SQL("NULL::date")
            users = SQL("AND user_id = ANY(%s)", list(user_ids)) if user_ids is not None else SQL()
            add(self.env.execute_query(SQL(
                "SELECT %s, %s, %s FROM crm_call_day WHERE company_id = %s AND day = ANY(%s::date[]) %s "
                "GROUP BY 1, 2", SQL.identifier(groupby), day,
                SQL(", ").join(SQL("sum(%s)::int", SQL.identifier(c)) for c in DAY_COLUMNS),
                company.id, sorted(clean), users)))
        # The other days, in spans of consecutive days, from the calls.
        spans, current = [], None
        for offset in range((date_to - date_from).days + 1):
            day = date_from + datetime.timedelta(days=offset)
            if day in clean:
                current = None
            elif current:
                current[1] = day
            else:
                current = [day, day]
                spans.append(current)
        if spans:
            tz_name = company._sales_panel_calendar()[0]
            add(self._sales_panel_live_stats(
                [calendar.utc_bounds(first, last + datetime.timedelta(days=1), tz_name) for first, last in spans],
                user_ids, groupby, by_day))
        return {key: self._sales_panel_stats_values(*values) for key, values in totals.items()}

    @api.model
    def _sales_panel_stats_values(self, incoming, outgoing, missed, answered, successful, talk_seconds):
        """The figures of ``_sales_panel_stats()`` from the sums of ``figures()``."""
        minutes = talk_seconds / 60.0
        return {
            "incoming": incoming, "outgoing": outgoing, "missed": missed, "answered": answered,
            "successful": successful, "talk_minutes": minutes,
            "avg_talk_minutes": minutes / answered if answered else 0.0,
        }

    @api.model
    def _sales_panel_range_stats(self, utc_start, utc_stop, user_ids=None, groupby="user_id", domain=None,
                                 partners=None):
        """``_sales_panel_stats()`` of the naive UTC range ``utc_start`` to ``utc_stop``
        (excluded): a range of whole local days is read as such (rolled-up days included),
        any other range from the calls, as is ``domain`` or ``partners`` (an SQL query of
        contact ids: the calls of these contacts only) narrowing the calls down."""
        if domain is None and partners is None:
            days = calendar.local_days(utc_start, utc_stop, self.env.company._sales_panel_calendar()[0])
            if days:
                return self._sales_panel_stats(days[0], days[1] - datetime.timedelta(days=1), user_ids, groupby)
        rows = self._sales_panel_live_stats([(utc_start, utc_stop)], user_ids, groupby, False, domain, partners)
        return {key: self._sales_panel_stats_values(*values) for key, _day, *values in rows}

    @api.model
    def _sales_panel_live_stats(self, utc_spans, user_ids, groupby, by_day, domain=None, partners=None):
        """Rows (key, local day or None, incoming, outgoing, missed, answered, successful,
        talk seconds) of the calls in these spans (naive UTC, stop excluded) matching
        ``domain`` (and made with one of the contacts ``partners``, an SQL query of their
        ids, when given), through
        the user's record rules."""
        ranges = [["&", ("start_date", ">=", start), ("start_date", "<", stop)] for start, stop in utc_spans]
        domain = [("company_id", "in", self.env.companies.ids), *(["|"] * (len(ranges) - 1)),
                  *(term for span in ranges for term in span), *(domain or [])]
        if user_ids is not None:
            domain.append(("user_id", "in", list(user_ids)))
        # The query reads stored computed columns (is_answered, is_successful): flush them.
        self.flush_model(["user_id", "team_id", "direction", "start_date", "talk_seconds",
                          "is_answered", "is_successful", "partner_id"])
        query = self._search(domain)  # the user's record rules apply
        day = SQL("(crm_call.start_date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date",
                  self.env.company._sales_panel_calendar()[0]) if by_day else SQL("NULL::date")
        if partners is not None:
            # The calls of each contact through the index of a contact's calls by date
            # (crm_call_partner_id_start_idx), contact by contact: the planner, which expects
            # the average number of calls per contact (about 60 at 5 000 000 calls) where most
            # contacts have a few, would otherwise scan every call of the range and hash the
            # contacts. OFFSET 0 keeps the subquery a per-contact one.
            return self.env.execute_query(SQL(
                "SELECT %s, %s, %s FROM (%s) AS sales_panel_contact "
                "CROSS JOIN LATERAL (SELECT crm_call.* FROM %s WHERE (%s) "
                "AND crm_call.partner_id = sales_panel_contact.id OFFSET 0) AS crm_call GROUP BY 1, 2",
                SQL.identifier("crm_call", groupby), day, figures("crm_call"),
                partners, query.from_clause, query.where_clause,
            ))
        return self.env.execute_query(SQL(
            "SELECT %s, %s, %s FROM %s WHERE %s GROUP BY 1, 2",
            SQL.identifier("crm_call", groupby), day,
            figures("crm_call"),
            query.from_clause, query.where_clause,
        ))
