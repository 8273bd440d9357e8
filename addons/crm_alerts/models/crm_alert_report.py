"""Manager report (F9): calls, new contacts, quotations and sales per agent or per team over
any range, with contact and company filters, on screen and as a spreadsheet.

Every figure is one grouped query over the whole range (never a loop per agent or per day),
read through the current user's record rules, so that a two-year range costs the same
number of queries as a day.
"""

import datetime
import io
from collections import defaultdict
from contextlib import contextmanager

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, safe_eval

from odoo.addons.crm_sales_base.lib.xlsx import XLSX_TEXT_OPTIONS

# Dates outside these are clamped: nothing exists there, and the timezone arithmetic of
# year 1 or 9999 would overflow Python's datetime ("a long range must never fail").
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9000, 12, 31)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURES = ("calls", "successful_calls", "talk_minutes", "new_contacts", "new_gold_silver",
           "quotations_sent", "quotations_confirmed", "sales_amount")



@contextmanager
def _without_jit(cr):
    """PostgreSQL's JIT compilation switched off for the report's queries (restored after):
    their estimated cost over millions of calls makes PostgreSQL compile them, which took
    longer (0.7-0.9 s) than running them. Restored on success only: after an error the
    transaction rolls the setting back itself, and a statement in an aborted transaction
    would hide the error (and Odoo's retry of a serialization failure)."""
    cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    previous = cr.fetchone()[0]
    yield
    cr.execute("SELECT set_config('jit', %s, true)", [previous])

class CrmAlertReport(models.TransientModel):
    _name = "crm.alert.report"
    _description = "Sales Panel manager report"

    def _default_date_from(self):
        return self.env.company._sales_panel_period("month").start

    def _default_date_to(self):
        return self.env.company._sales_panel_period("month").stop - datetime.timedelta(days=1)

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_from = fields.Date("From", required=True, default=_default_date_from)
    date_to = fields.Date("To", required=True, default=_default_date_to,
                          help="Included. Days are counted in the company's timezone.")
    group_by = fields.Selection([("agent", "Agent"), ("team", "Sales team")], "Group by",
                                required=True, default="agent")
    user_ids = fields.Many2many("res.users", string="Agents", domain=[("share", "=", False)],
                                help="Only these agents; all when empty.")
    team_ids = fields.Many2many("crm.team", string="Sales teams",
                                help="Only these teams (per agent: their members); all when empty.")
    contact_domain = fields.Char(
        "Contacts", default="[]",
        help="Only calls, quotations and new contacts of the contacts matching this filter.")
    company_domain = fields.Char(
        "Companies", default="[]",
        help="Only contacts whose company (or who, without a company, themselves) match this "
             "filter. Both filters apply together.")
    line_ids = fields.One2many("crm.alert.report.line", "report_id", "Lines")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_to < report.date_from:
                raise ValidationError(_("The end date of the report must not be before its start date."))

    # Actions ------------------------------------------------------------------------------

    def action_show(self):
        """Compute the lines; the form reloads with them."""
        self.ensure_one()
        self.check_access("write")  # supervisors and managers, on their own form only
        self._sales_panel_fill()

    def action_download_xlsx(self):
        """Compute the lines and download them: the file is made by the controller below,
        for the owner of this form only (no attachment that other users could open)."""
        self.ensure_one()
        self.check_access("write")
        self._sales_panel_fill()
        return {"type": "ir.actions.act_url", "url": f"/crm_alerts/report/{self.id}/xlsx", "target": "download"}

    def _sales_panel_xlsx_filename(self):
        return f"sales_panel_report_{self.date_from}_{self.date_to}.xlsx"

    def _sales_panel_fill(self):
        self.ensure_one()
        self._check_dates()
        rows = self._sales_panel_rows()
        self.line_ids.unlink()
        field = "user_id" if self.group_by == "agent" else "team_id"
        self.env["crm.alert.report.line"].create([
            dict(values, report_id=self.id, currency_id=self.currency_id.id, name=record.display_name,
                 **{field: record.id})
            for record, values in rows])

    # Figures ------------------------------------------------------------------------------

    def _sales_panel_rows(self):
        """``[(agent or team, {figure: value})]``, ordered by name: every agent or team with a
        figure in the range, and those chosen in the filters (or led, for a supervisor) even
        without any."""
        self.ensure_one()
        users, teams, listed = self._sales_panel_scope()
        date_from, date_to = max(self.date_from, FIRST_DAY), min(self.date_to, LAST_DAY)
        figures = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
        with _without_jit(self.env.cr):
            partners = self._sales_panel_filtered_partners()
            for family in (self._sales_panel_calls, self._sales_panel_contacts, self._sales_panel_orders):
                for key, values in family(date_from, date_to, users, teams, partners).items():
                    if key:
                        figures[key].update(values)
        allowed = users if self.group_by == "agent" else teams
        keys = (set(figures) | listed) if allowed is None else (set(figures) | listed) & set(allowed)
        model = self.env["res.users" if self.group_by == "agent" else "crm.team"]
        records = model.browse(keys).sorted(lambda r: (r.display_name or "", r.id))
        return [(record, figures[record.id]) for record in records]

    def _sales_panel_scope(self):
        """(agent ids or None, team ids or None, ids listed even without figures): the
        figures are limited to the filters, and for a supervisor to the teams they lead and
        their members. Record rules already hide other teams' calls and quotations, but
        contacts nobody owns would still show through."""
        Member = self.env["crm.team.member"]
        users = set(self.user_ids.ids) if self.user_ids else None
        teams = set(self.team_ids.ids) if self.team_ids else None
        manager = self.env.user.has_group("crm_sales_base.group_section_report_all")
        led = set() if manager else set(self.env["crm.team"].search([("user_id", "=", self.env.uid)]).ids)
        if self.group_by == "agent":
            if teams is not None:
                # Per agent, a team filter means its members.
                members = set(Member.search([("crm_team_id", "in", list(teams))]).user_id.ids)
                users = members if users is None else users & members
                teams = None
            listed = set(users or ())
            if not manager:
                members = set(Member.search([("crm_team_id", "in", list(led))]).user_id.ids)
                listed = (listed & members) if users is not None else members
                users = (members | {self.env.uid}) if users is None else users & (members | {self.env.uid})
        else:
            if not manager:
                teams = led if teams is None else teams & led
            listed = set(teams or ())
        return (None if users is None else sorted(users)), (None if teams is None else sorted(teams)), listed

    def _sales_panel_domains(self):
        """(contact domain, company domain) as lists; empty lists when not set."""
        context = {
            "uid": self.env.uid, "user": self.env.user, "company_id": self.env.company.id,
            "datetime": safe_eval.datetime, "time": safe_eval.time, "dateutil": safe_eval.dateutil,
            "relativedelta": safe_eval.dateutil.relativedelta.relativedelta,
            "context_today": lambda: fields.Date.context_today(self),
        }
        result = []
        for label, text in ((_("contacts"), self.contact_domain), (_("companies"), self.company_domain)):
            try:
                domain = safe_eval.safe_eval(text or "[]", context)
                domain = expression.normalize_domain(list(domain)) if domain else []
                self.env["res.partner"]._where_calc(domain)  # unknown fields fail here, not in a query
            except Exception as error:
                raise UserError(_("The filter on %(what)s is not valid: %(error)s",
                                  what=label, error=error)) from error
            result.append(domain if domain != expression.TRUE_DOMAIN else [])
        return tuple(result)

    def _sales_panel_partner_domain(self):
        """Domain of the contacts that match the contact filter AND whose commercial partner
        matches the company filter."""
        contact, company = self._sales_panel_domains()
        return expression.AND([contact, [("commercial_partner_id", "any", company)] if company else []])

    def _sales_panel_filtered_partners(self):
        """A query of the ids of the contacts whose calls and quotations the contact and
        company filters keep (None without filters). They are found once per report, into a
        temporary table PostgreSQL counts (ANALYZE): each query of the report evaluated the
        filters again (66 666 of 1 000 000 contacts, 0.4 s each), and with the ids written in
        the query PostgreSQL spent 0.1-0.2 s planning each (bench/README.md)."""
        if not any(self._sales_panel_domains()):
            return None
        query = self.env["res.partner"].with_context(active_test=False)._search(self._sales_panel_partner_domain())
        self.env.cr.execute("DROP TABLE IF EXISTS sales_panel_report_contacts")
        # execute_query: the contacts' pending writes are flushed first.
        self.env.execute_query(SQL("CREATE TEMPORARY TABLE sales_panel_report_contacts ON COMMIT DROP AS %s",
                                   query.select(SQL.identifier("res_partner", "id"))))
        # Keyed: when PostgreSQL expects few rows on the other side (new contacts of a
        # range), it probes the table per row; without a key each probe read it whole.
        self.env.cr.execute("ALTER TABLE sales_panel_report_contacts ADD PRIMARY KEY (id)")
        self.env.cr.execute("ANALYZE sales_panel_report_contacts")
        return SQL("SELECT id FROM sales_panel_report_contacts")

    def _sales_panel_range(self, date_from, date_to):
        """The company's :class:`Period` of the local days ``date_from`` to ``date_to``."""
        return self.env.company._sales_panel_days(date_from, date_to + datetime.timedelta(days=1))

    def _sales_panel_calls(self, date_from, date_to, users, teams, partners=None):
        """Calls (incoming + outgoing), successful calls and talk minutes: the calls'
        statistics service (the call figures' definitions), on the calls of the contacts
        ``partners`` when the report has contact filters."""
        groupby = "user_id" if self.group_by == "agent" else "team_id"
        Call = self.env["crm.call"]
        if partners is None:
            stats = Call._sales_panel_stats(date_from, date_to, users, groupby)
        else:
            days = self._sales_panel_range(date_from, date_to)
            domain = [("team_id", "in", teams)] if teams is not None else []
            stats = Call._sales_panel_range_stats(days.utc_start, days.utc_stop, users, groupby, domain,
                                                  partners=partners)
        return {key: {"calls": s["incoming"] + s["outgoing"], "successful_calls": s["successful"],
                      "talk_minutes": s["talk_minutes"]}
                for key, s in stats.items() if teams is None or key in teams}

    def _sales_panel_contacts(self, date_from, date_to, users, teams, partners=None):
        """New contacts (and gold/silver ones) by their creator; per team, the creator's
        main team; only the contacts ``partners`` (the filters' ones) when there are filters."""
        days = self._sales_panel_range(date_from, date_to)
        Figure = self.env["sales.panel.figure"]
        # The figure "contacts added": archived ones too, of these companies or shared.
        domain = list(Figure._sales_panel_contacts_domain(days.utc_start, days.utc_stop, self.env.companies))
        if partners is not None:
            domain.append(("id", "in", SQL("(%s)", partners)))
        if users is not None:
            domain.append(("create_uid", "in", users))
        if teams is not None:
            domain.append(("create_uid.sale_team_id", "in", teams))
        groups = self.env["res.partner"].with_context(active_test=False)._read_group(
            domain, ["create_uid", "tier"], ["__count"])
        result = defaultdict(lambda: {"new_contacts": 0, "new_gold_silver": 0})
        for user, tier, count in groups:
            key = user.id if self.group_by == "agent" else user.sale_team_id.id
            result[key]["new_contacts"] += count
            if "contacts_added_gold_silver" in Figure._sales_panel_contact_codes(tier):
                result[key]["new_gold_silver"] += count
        return result

    def _sales_panel_orders(self, date_from, date_to, users, teams, partners=None):
        """Quotations made (created) in the range, quotations confirmed in the range (their
        order date is the confirmation) and their amount in the company's currency. One
        pass over the quotations for both figures, each figure's domain a FILTER of it: the
        report's quotations are most of the table (bench/README.md, "manager report")."""
        company = self.env.company
        days = self._sales_panel_range(date_from, date_to)
        Figure = self.env["sales.panel.figure"]
        key = "user_id" if self.group_by == "agent" else "team_id"
        domain = [("company_id", "in", self.env.companies.ids)]
        if partners is not None:
            domain.append(("partner_id", "in", SQL("(%s)", partners)))
        if users is not None:
            domain.append(("user_id", "in", users))
        if teams is not None:
            domain.append(("team_id", "in", teams))
        Order = self.env["sale.order"]
        made = Figure._sales_panel_quotations_sent_domain(days.utc_start, days.utc_stop, self.env.companies)
        confirmed = Figure._sales_panel_sales_domain(days.utc_start, days.utc_stop, self.env.companies)
        query = Order._search(expression.AND([domain, expression.OR([made, confirmed])]))
        # Both figures' domains are conditions on the quotation's own columns (no join):
        # their WHERE clauses read the query's table.
        made_sql, confirmed_sql = (Order._where_calc(figure).where_clause for figure in (made, confirmed))
        table = query.table
        rows = self.env.execute_query(SQL("%s GROUP BY 1, 2", query.select(
            SQL.identifier(table, key), SQL.identifier(table, "currency_id"),
            SQL("count(*) FILTER (WHERE %s)", made_sql),
            SQL("count(*) FILTER (WHERE %s)", confirmed_sql),
            SQL("sum(%s) FILTER (WHERE %s)", SQL.identifier(table, "amount_total"), confirmed_sql))))
        result = defaultdict(lambda: {"quotations_sent": 0, "quotations_confirmed": 0, "sales_amount": 0.0})
        Currency = self.env["res.currency"]
        for record_id, currency_id, made_count, confirmed_count, amount in rows:
            figures = result[record_id]
            figures["quotations_sent"] += made_count
            figures["quotations_confirmed"] += confirmed_count
            if confirmed_count:
                figures["sales_amount"] += Figure._sales_panel_amount(
                    amount, Currency.browse(currency_id), company, days.utc_stop)
        return result

    # Spreadsheet --------------------------------------------------------------------------

    def _sales_panel_xlsx(self):
        """The lines as an XLSX file (bytes): a title, the filters, one row per line, totals."""
        self.ensure_one()
        Line = self.env["crm.alert.report.line"]
        columns = [("name", _("Agent") if self.group_by == "agent" else _("Sales team"))] + [
            (name, Line._fields[name].get_description(self.env)["string"]) for name in FIGURES]
        # Amounts as the screens show them: in the company's display unit, whole tomans named
        # in the column's title; else in the currency, with decimals.
        shown_by = self.company_id
        unit = shown_by._sales_panel_amount_shown(0.0, self.currency_id)[1]
        if unit:
            columns[-1] = (columns[-1][0], f"{columns[-1][1]} ({unit})")

        def figure(name, value):
            return shown_by._sales_panel_amount_shown(value, self.currency_id)[0] \
                if name == "sales_amount" and unit else value

        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, dict(XLSX_TEXT_OPTIONS, in_memory=True))
        sheet = book.add_worksheet(_("Report"))
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        if lang and lang.direction == "rtl":
            sheet.right_to_left()
        bold = book.add_format({"bold": True})
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        integer = book.add_format({"num_format": "#,##0"})
        decimal = book.add_format({"num_format": "#,##0.0"})
        total_integer = book.add_format({"num_format": "#,##0", "bold": True, "top": 1})
        total_decimal = book.add_format({"num_format": "#,##0.0", "bold": True, "top": 1})
        # (cell, total) formats of each figure
        formats = {name: (decimal, total_decimal) if name == "talk_minutes" or (name == "sales_amount" and not unit)
                   else (integer, total_integer) for name in FIGURES}
        sheet.write(0, 0, _("Sales Panel report"), bold)
        user = self.env.user  # the dates in the reader's calendar
        sheet.write(1, 0, _("From %(start)s to %(stop)s", start=user._sales_panel_format_date(self.date_from),
                            stop=user._sales_panel_format_date(self.date_to)))
        contact, company = self._sales_panel_domains()
        sheet.write(2, 0, _("Contacts: %(contacts)s; companies: %(companies)s",
                            contacts=contact or _("all"), companies=company or _("all")))
        first = 4
        sheet.set_row(first, 30)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(FIGURES), 14)
        for col, (_name, label) in enumerate(columns):
            sheet.write(first, col, label, header)
        lines = self.line_ids
        for row, line in enumerate(lines, start=first + 1):
            sheet.write(row, 0, line.name)
            for col, name in enumerate(FIGURES, start=1):
                sheet.write_number(row, col, figure(name, line[name]), formats[name][0])
        total_row = first + 1 + len(lines)
        sheet.write(total_row, 0, _("Total"), bold)
        for col, name in enumerate(FIGURES, start=1):
            sheet.write_number(total_row, col, figure(name, sum(lines.mapped(name))), formats[name][1])
        sheet.freeze_panes(first + 1, 1)
        book.close()
        return output.getvalue()


class CrmAlertReportLine(models.TransientModel):
    _name = "crm.alert.report.line"
    _description = "Sales Panel manager report line"
    _order = "sales_amount desc, calls desc, name, id"

    report_id = fields.Many2one("crm.alert.report", required=True, ondelete="cascade", index=True)
    name = fields.Char("Agent or team")
    user_id = fields.Many2one("res.users", "Agent")
    team_id = fields.Many2one("crm.team", "Sales team")
    calls = fields.Integer(help="Incoming and outgoing calls.")
    successful_calls = fields.Integer(
        "Successful calls", help="Answered, with at least the company's successful talk time.")
    talk_minutes = fields.Float("Talk minutes", digits=(16, 1), help="Talk time of the answered calls.")
    new_contacts = fields.Integer("New contacts", help="Contacts and companies the agent created.")
    new_gold_silver = fields.Integer("New gold/silver contacts")
    quotations_sent = fields.Integer(
        "Quotations sent", help="Quotations made in the range, whatever became of them.")
    quotations_confirmed = fields.Integer("Quotations confirmed", help="Quotations confirmed in the range.")
    currency_id = fields.Many2one("res.currency")
    sales_amount = fields.Monetary(
        "Sales amount", help="Total of the confirmed quotations, in the company's currency.")
