import datetime
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.crm_alert_report import FIGURES
from .common import AlertCase, utc

MARCH = {"date_from": datetime.date(2025, 3, 1), "date_to": datetime.date(2025, 3, 31)}


@tagged("post_install", "-at_install")
class TestReport(AlertCase):
    # Data ---------------------------------------------------------------------------------

    def call_at(self, agent, local, talk, direction="outgoing", answered=True, partner=None):
        # The report's calls are with a known customer unless said otherwise.
        return super().call_at(agent, local, talk, answered, direction, partner=partner or self.customer_a1)

    def order_at(self, agent, partner, amount, created, confirmed=None, **values):
        order = self.quotation(partner, agent, amount, **values)
        if confirmed:
            order.action_confirm()
            order.date_order = utc(confirmed)
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET create_date = %s WHERE id = %s", (utc(created), order.id))
        order.invalidate_recordset(["create_date"])
        return order

    def march_activity(self):
        """Calls, contacts and quotations of team A (A1, A2) and team B (B1) around March 2025."""
        a1, a2, b1 = self.agent_a1, self.agent_a2, self.agent_b1
        self.call_at(a1, "2025-03-10 10:00", 120)
        self.call_at(a1, "2025-03-12 11:00", 20, direction="incoming")  # answered, not successful
        self.call_at(a1, "2025-03-12 11:30", 0, direction="incoming", answered=False)
        self.call_at(a1, "2025-03-31 23:50", 120)  # 20:20 UTC: still March in Tehran
        self.call_at(a1, "2025-04-01 00:10", 300)  # 20:40 UTC on March 31st, but April in Tehran
        self.call_at(a1, "2025-02-28 23:59", 300)
        self.call_at(a2, "2025-03-05 09:00", 45, partner=self.customer_a2)
        self.call_at(b1, "2025-03-20 09:00", 600, direction="incoming", partner=self.customer_b1)
        self.contact_added(a1, "2025-03-01 00:05", "gold")
        self.contact_added(a1, "2025-03-15 12:00")
        self.contact_added(a1, "2025-03-31 23:00", "silver")
        self.contact_added(a1, "2025-04-01 00:30", "gold")
        self.contact_added(a2, "2025-03-02 10:00", "bronze")
        self.contact_added(b1, "2025-03-03 10:00", "gold")
        self.order_at(a1, self.customer_a1, 1_000_000, "2025-03-02 10:00")
        self.order_at(a1, self.customer_a1, 5_000_000, "2025-03-03 10:00", "2025-03-04 10:00")
        self.order_at(a1, self.customer_a1, 2_000_000, "2025-02-20 10:00", "2025-03-06 10:00")
        self.order_at(a1, self.customer_a1, 8_000_000, "2025-03-25 10:00", "2025-04-02 10:00")
        self.order_at(b1, self.customer_b1, 3_000_000, "2025-03-07 10:00", "2025-03-08 10:00")

    def report(self, user=None, **values):
        report = self.env["crm.alert.report"].with_user(user or self.manager).create(dict(MARCH, **values))
        report.action_show()
        return report

    def figures(self, report):
        return {line.user_id or line.team_id: {name: line[name] for name in FIGURES} for line in report.line_ids}

    # Expected March figures, per agent.
    A1 = {"calls": 4, "successful_calls": 2, "talk_minutes": 4.3, "new_contacts": 3, "new_gold_silver": 2,
          "quotations_sent": 3, "quotations_confirmed": 2, "sales_amount": 7_000_000}
    A2 = {"calls": 1, "successful_calls": 1, "talk_minutes": 0.8, "new_contacts": 1, "new_gold_silver": 0,
          "quotations_sent": 0, "quotations_confirmed": 0, "sales_amount": 0}
    B1 = {"calls": 1, "successful_calls": 1, "talk_minutes": 10.0, "new_contacts": 1, "new_gold_silver": 1,
          "quotations_sent": 1, "quotations_confirmed": 1, "sales_amount": 3_000_000}

    def assertFigures(self, actual, expected):
        self.assertEqual(set(actual), set(expected))
        for key, figures in expected.items():
            for name, value in figures.items():
                self.assertAlmostEqual(actual[key][name], value, places=1, msg=f"{key.display_name}: {name}")

    # Tests --------------------------------------------------------------------------------

    def test_default_range_is_this_month(self):
        report = self.env["crm.alert.report"].with_user(self.sup_a).create({})
        self.assertEqual(report.date_from.day, 1)
        self.assertEqual(report.date_to.month, report.date_from.month)
        self.assertEqual((report.date_to + datetime.timedelta(days=1)).day, 1)
        self.assertEqual(report.group_by, "agent")

    def test_figures_per_agent_and_per_team(self):
        self.march_activity()
        agents = self.agent_a1 | self.agent_a2 | self.agent_b1
        report = self.report(user_ids=agents.ids)
        self.assertFigures(self.figures(report), {self.agent_a1: self.A1, self.agent_a2: self.A2,
                                                  self.agent_b1: self.B1})
        # Without a filter the same lines are there, among the demo data's agents if any.
        unfiltered = self.figures(self.report())
        for agent, expected in ((self.agent_a1, self.A1), (self.agent_b1, self.B1)):
            self.assertFigures({agent: unfiltered[agent]}, {agent: expected})
        # Per team: team A = A1 + A2, team B = B1; only the chosen teams.
        report = self.report(group_by="team", team_ids=(self.team_a | self.team_b).ids)
        team_a = {name: self.A1[name] + self.A2[name] for name in FIGURES}
        team_a["talk_minutes"] = (120 + 20 + 120 + 45) / 60
        self.assertFigures(self.figures(report), {self.team_a: team_a, self.team_b: self.B1})
        self.assertEqual(report.line_ids.mapped("name"), ["Team A", "Team B"], "largest sales first")
        # Per agent, a team filter keeps its members, even those without any figure.
        report = self.report(team_ids=self.team_a.ids)
        self.assertEqual(report.line_ids.user_id, self.agent_a1 | self.agent_a2 | self.marketer_a)
        idle = report.line_ids.filtered(lambda line: line.user_id == self.marketer_a)
        self.assertFalse(any(idle[name] for name in FIGURES))

    def test_one_day(self):
        self.march_activity()
        day = datetime.date(2025, 3, 31)
        report = self.report(user_ids=self.agent_a1.ids, date_from=day, date_to=day)
        expected = dict.fromkeys(FIGURES, 0)
        expected.update(calls=1, successful_calls=1, talk_minutes=2.0, new_contacts=1, new_gold_silver=1)
        self.assertFigures(self.figures(report), {self.agent_a1: expected})

    def test_other_currency_is_converted(self):
        usd = self.env.ref("base.USD")
        company_currency = self.env.company.currency_id
        other = usd if company_currency != usd else self.env.ref("base.EUR")
        other.active = True
        self.env["res.currency.rate"].search([("currency_id", "in", (other | company_currency).ids)]).unlink()
        # 1 unit of the other currency is worth 100 000 of the company's.
        self.env["res.currency.rate"].create({"currency_id": other.id, "rate": 0.00001, "name": "2020-01-01"})
        pricelist = self.env["product.pricelist"].create({"name": "Foreign", "currency_id": other.id})
        self.order_at(self.agent_b1, self.customer_b1, 30, "2025-03-07 10:00", "2025-03-08 10:00",
                      pricelist_id=pricelist.id)
        self.order_at(self.agent_b1, self.customer_b1, 500_000, "2025-03-07 10:00", "2025-03-09 10:00")
        line = self.report(user_ids=self.agent_b1.ids).line_ids
        self.assertEqual(line.quotations_confirmed, 2)
        self.assertAlmostEqual(line.sales_amount, 3_500_000, places=0)
        self.assertEqual(line.currency_id, company_currency)

    def test_long_ranges_do_not_fail(self):
        self.march_activity()
        today = self.env.company._sales_panel_today()  # the company's day: after 20:30 UTC Tehran is a day ahead
        for date_from, date_to in ((today - datetime.timedelta(days=730), today),
                                   (datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
                                   (datetime.date(1, 1, 1), datetime.date(9999, 12, 31))):
            report = self.report(user_ids=self.agent_a1.ids, date_from=date_from, date_to=date_to)
            line = report.line_ids
            if date_from <= datetime.date(2025, 2, 20):
                # Every call, contact and quotation of A1 made around March, and the
                # quotation of the common data (made today).
                self.assertEqual((line.calls, line.new_contacts, line.quotations_sent), (6, 4, 5))
                self.assertEqual(line.quotations_confirmed, 3)
                self.assertEqual(line.sales_amount, 15_000_000)
            report.action_download_xlsx()

    def test_end_before_start_is_refused(self):
        with self.assertRaises(UserError):
            self.env["crm.alert.report"].with_user(self.manager).create(
                {"date_from": datetime.date(2025, 3, 2), "date_to": datetime.date(2025, 3, 1)})
        report = self.report()
        with self.assertRaises(UserError):
            report.date_to = datetime.date(2025, 2, 1)

    def test_contact_and_company_filters_combine(self):
        """F9: both filters together give the records matching both, never either."""
        Partner = self.env["res.partner"]
        gold = Partner.create({"name": "Gold Co", "is_company": True, "tier": "gold"})
        plain = Partner.create({"name": "Plain Co", "is_company": True, "tier": "none"})
        ali_gold = Partner.create({"name": "Ali Gold", "parent_id": gold.id})
        ali_plain = Partner.create({"name": "Ali Plain", "parent_id": plain.id})
        reza_gold = Partner.create({"name": "Reza Gold", "parent_id": gold.id})
        ali_alone = self.contact_added(self.agent_a2, "2025-03-10 10:00", name="Ali Alone", tier="gold")
        for partner, talk, amount in ((ali_gold, 60, 1_000_000), (ali_plain, 120, 2_000_000),
                                      (reza_gold, 180, 4_000_000), (ali_alone, 240, 8_000_000)):
            self.call_at(self.agent_a1, "2025-03-10 10:00", talk, partner=partner)
            self.order_at(self.agent_a1, partner, amount, "2025-03-10 10:00", "2025-03-10 11:00")
        for name in ("Ali New Gold", "Ali New Plain", "Reza New Gold"):
            self.contact_added(self.agent_a2, "2025-03-11 10:00", name=name,
                            parent_id=(plain if "Plain" in name else gold).id)
        agents = (self.agent_a1 | self.agent_a2).ids
        contacts = "[('name', 'ilike', 'ali')]"
        companies = "[('tier', '=', 'gold')]"

        def figures(**domains):
            report = self.report(user_ids=agents, **domains)
            lines = {line.user_id: line for line in report.line_ids}
            a1, a2 = lines[self.agent_a1], lines[self.agent_a2]
            return a1.calls, a1.talk_minutes, a1.quotations_sent, a1.sales_amount, a2.new_contacts

        # A contact without a company is its own commercial partner: Ali Alone (gold) passes both.
        self.assertEqual(figures(contact_domain=contacts, company_domain=companies),
                         (2, 5.0, 2, 9_000_000, 2))
        self.assertEqual(figures(contact_domain=contacts), (3, 7.0, 3, 11_000_000, 3))
        self.assertEqual(figures(company_domain=companies), (3, 8.0, 3, 13_000_000, 3))
        self.assertEqual(figures(), (4, 10.0, 4, 15_000_000, 4))
        with self.assertRaises(UserError):
            figures(contact_domain="[('no_such_field', '=', 1)]")

    def test_filters_evaluated_once_per_report(self):
        """Issue 20: the contact and company filters are evaluated once per report; the
        queries of calls and quotations read the contacts found (at 1 000 000 contacts each
        evaluated them again, 0.4 s each)."""
        self.march_activity()
        with self.assertLogs("odoo.sql_db", level="DEBUG") as logged:
            report = self.report(contact_domain="[('name', 'ilike', 'sales-panel-filter')]",
                                 company_domain="[('tier', '!=', 'special')]")
        self.assertFalse(report.line_ids.filtered("calls"))
        filtering = [line for line in logged.output if "sales-panel-filter" in line]
        self.assertTrue(filtering)
        evaluations = [line for line in filtering if "ILIKE" in line]
        self.assertEqual(len(evaluations), 1, "one query evaluates the filters: the contacts found")
        self.assertFalse([line for line in filtering if "crm_call" in line or "sale_order" in line],
                         "calls and quotations read the contacts found, not the filters again")

    def test_filtered_query_matches_the_statistics_service(self):
        """With a filter every call passes, the report's own call query gives the service's figures."""
        self.march_activity()
        agents = (self.agent_a1 | self.agent_a2 | self.agent_b1).ids
        everyone = "[('id', '!=', False)]"
        for group_by, chosen in (("agent", {"user_ids": agents}),
                                 ("team", {"team_ids": (self.team_a | self.team_b).ids})):
            plain = self.figures(self.report(group_by=group_by, **chosen))
            filtered = self.figures(self.report(group_by=group_by, contact_domain=everyone, **chosen))
            self.assertEqual(len(plain), 3 if group_by == "agent" else 2)
            self.assertEqual(plain, filtered)

    def test_supervisor_sees_their_team_only(self):
        self.march_activity()
        report = self.report(self.sup_a)
        self.assertEqual(report.line_ids.user_id, self.agent_a1 | self.agent_a2 | self.marketer_a)
        self.assertFigures({self.agent_a1: self.figures(report)[self.agent_a1]}, {self.agent_a1: self.A1})
        # Asking for another team's agent or team gives nothing of theirs.
        report = self.report(self.sup_a, user_ids=(self.agent_a1 | self.agent_b1).ids)
        self.assertEqual(report.line_ids.user_id, self.agent_a1)
        report = self.report(self.sup_a, group_by="team")
        self.assertEqual(report.line_ids.team_id, self.team_a)
        report = self.report(self.sup_a, group_by="team", team_ids=self.team_b.ids)
        self.assertFalse(report.line_ids)
        # The manager sees both teams.
        self.assertEqual(self.report(group_by="team", team_ids=(self.team_a | self.team_b).ids).line_ids.team_id,
                         self.team_a | self.team_b)
        # Agents have no report.
        with self.assertRaises(UserError):
            self.env["crm.alert.report"].with_user(self.agent_a1).create(MARCH)

    def test_xlsx_holds_the_figures(self):
        self.march_activity()
        report = self.report(user_ids=(self.agent_a1 | self.agent_a2 | self.agent_b1).ids)
        action = report.action_download_xlsx()
        self.assertEqual(action, {"type": "ir.actions.act_url", "target": "download",
                                  "url": f"/crm_alerts/report/{report.id}/xlsx"})
        body = xlsx_rows(report._sales_panel_xlsx())
        expected = {"t_agent_a1": self.A1, "t_agent_a2": self.A2, "t_agent_b1": self.B1}
        self.assertEqual(set(body), {*expected, "Total"})
        for name, figures in expected.items():
            for value, field in zip(body[name], FIGURES, strict=True):
                self.assertAlmostEqual(value, figures[field], places=1, msg=f"{name}: {field}")
        self.assertEqual(body["Total"][0], 6)
        self.assertEqual(body["Total"][-1], 10_000_000)
        # The controller serves a report form to its owner only.
        with self.assertRaises(UserError):
            report.with_user(self.sup_b).check_access("read")


def xlsx_rows(content):
    """{first cell: other cells} of the rows below the header row of the report's sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]
    # The header is the first row of labels only (in the reader's language).
    header = next(i for i, row in enumerate(rows) if len(row) > 2 and all(isinstance(c, str) for c in row[1:]))
    return {row[0]: row[1:] for row in rows[header + 1:]}


@tagged("post_install", "-at_install")
class TestReportDownload(HttpCase):
    def test_download_is_for_the_owner_only(self):
        manager = new_test_user(self.env, "t_report_manager", groups="crm_sales_base.group_manager")
        new_test_user(self.env, "t_report_supervisor", groups="crm_sales_base.group_supervisor")
        agent = new_test_user(self.env, "t_report_agent", groups="crm_sales_base.group_agent", name="Agent R")
        start = utc("2025-03-10 10:00")
        self.env["crm.call"].create({
            "linkedid": "report-download", "user_id": agent.id, "direction": "incoming",
            "disposition": "answered", "talk_seconds": 90, "start_date": start, "end_date": start})
        report = self.env["crm.alert.report"].with_user(manager).create(dict(MARCH, user_ids=agent.ids))
        url = report.action_download_xlsx()["url"]
        self.authenticate("t_report_manager", "t_report_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("sales_panel_report_2025-03-01_2025-03-31.xlsx", response.headers["Content-Disposition"])
        self.assertEqual(xlsx_rows(response.content)["Agent R"][0], 1)
        self.authenticate("t_report_supervisor", "t_report_supervisor")
        self.assertEqual(self.url_open(url).status_code, 403)
        self.assertEqual(self.url_open("/crm_alerts/report/0/xlsx").status_code, 404)
