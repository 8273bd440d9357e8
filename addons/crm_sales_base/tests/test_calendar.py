import datetime
import io
import json

import openpyxl
from freezegun import freeze_time

from odoo import Command, http
from odoo.tests import HttpCase, TransactionCase, tagged

from ..lib import calendar
from .common import RpcMixin, SalesPanelCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestCompanyCalendar(TransactionCase):
    """The company's calendar (issue 19): Gregorian or Solar Hijri months for every period."""

    def test_demo_company_counts_in_solar_hijri_months(self):
        company = self.env.ref("crm_sales_base.demo_company")
        self.assertEqual(company.sales_panel_calendar, "jalali")
        self.assertEqual(self.env.ref("base.main_company").sales_panel_calendar, "jalali")
        # F22's month on 1 December 2026: 1 Azar 1405 (22 November) to 30 Azar (21 December).
        period = company._sales_panel_period("month", D(2026, 12, 1))
        self.assertEqual((period.start, period.stop), (D(2026, 11, 22), D(2026, 12, 22)))
        with freeze_time("2026-12-01 06:00:00"):
            self.assertEqual(company._sales_panel_period("month").start, D(2026, 11, 22))
            self.assertEqual(company._sales_panel_period("month", offset=-1).start, D(2026, 10, 23))

    def test_new_companies_count_in_gregorian_months_unless_in_iran(self):
        Company = self.env["res.company"]
        iran, germany = self.env.ref("base.ir"), self.env.ref("base.de")
        self.assertEqual(Company.create({"name": "Berlin GmbH", "country_id": germany.id}).sales_panel_calendar,
                         "gregorian")
        self.assertEqual(Company.create({"name": "No country"}).sales_panel_calendar, "gregorian")
        self.assertEqual(Company.create({"name": "Tehran Co", "country_id": iran.id}).sales_panel_calendar,
                         "jalali")
        self.assertEqual(Company.create({"name": "Tehran Gregorian", "country_id": iran.id,
                                         "sales_panel_calendar": "gregorian"}).sales_panel_calendar, "gregorian")
        gregorian = Company.create({"name": "Months of Gregory", "sales_panel_calendar": "gregorian"})
        self.assertEqual(gregorian._sales_panel_period("month", D(2026, 12, 1))[1:3], (D(2026, 12, 1), D(2027, 1, 1)))


@tagged("post_install", "-at_install")
class TestDisplayCalendar(RpcMixin, HttpCase, SalesPanelCase):
    """The calendar a user reads dates in: a preference, "auto" by default (Solar Hijri in
    Persian, else the company's), in the web client's session info and in exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sales_panel_calendar = "gregorian"
        cls.env["res.lang"]._activate_lang("fa_IR")

    def test_auto_is_solar_hijri_in_persian_else_the_company_calendar(self):
        agent = self.agent_a1
        self.assertEqual(agent.sales_panel_date_calendar, "auto")
        agent.lang = "en_US"
        self.assertEqual(agent._sales_panel_display_calendar(), "gregorian")
        self.company.sales_panel_calendar = "jalali"
        self.assertEqual(agent._sales_panel_display_calendar(), "jalali")
        self.company.sales_panel_calendar = "gregorian"
        agent.lang = "fa_IR"
        self.assertEqual(agent._sales_panel_display_calendar(), "jalali")
        agent.sales_panel_date_calendar = "gregorian"
        self.assertEqual(agent._sales_panel_display_calendar(), "gregorian", "the preference wins")

    def test_session_info_and_the_agent_changes_their_own_preference(self):
        self.agent_a1.lang = "fa_IR"
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["sales_panel_calendar"], "jalali")
        # Their own preference, from the Preferences dialog (their own record only).
        self.rpc("res.users", "write", self.agent_a1.ids, {"sales_panel_date_calendar": "gregorian"})
        self.assertEqual(self.make_jsonrpc_request("/web/session/get_session_info")["sales_panel_calendar"],
                         "gregorian")
        self.assertIn("AccessError", self.rpc_error(
            "res.users", "write", self.agent_a2.ids, {"sales_panel_date_calendar": "jalali"}))
        self.assertEqual(self.agent_a2.sales_panel_date_calendar, "auto")
        views = self.rpc("res.users", "get_views", views=[[self.env.ref("base.view_users_form_simple_modif").id,
                                                           "form"]], options={})
        self.assertIn('name="sales_panel_date_calendar"', views["views"]["form"]["arch"])

    def test_list_export_writes_solar_hijri_dates_as_text_for_a_persian_user(self):
        order = self.env["sale.order"].create({
            "partner_id": self.customer_a1.id, "user_id": self.agent_a1.id,
            "validity_date": D(2026, 12, 21), "date_order": datetime.datetime(2026, 11, 30, 22, 0)})
        self.manager.write({"lang": "fa_IR", "tz": "Asia/Tehran",
                            "groups_id": [Command.link(self.env.ref("base.group_allow_export").id)]})
        data = {"model": "sale.order", "ids": order.ids, "domain": [], "import_compat": False,
                "fields": [{"name": "name", "label": "Number", "type": "char"},
                           {"name": "validity_date", "label": "Expiration", "type": "date"},
                           {"name": "date_order", "label": "Order date", "type": "datetime"}]}

        def export():
            self.authenticate(self.manager.login, self.manager.login)
            response = self.url_open("/web/export/xlsx", data={"data": json.dumps(data),
                                                               "csrf_token": http.Request.csrf_token(self)})
            self.assertEqual(response.status_code, 200, response.text[:500])
            return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

        # 30 Azar 1405; 01:30 on 1 December in Tehran is 10 Azar.
        self.assertEqual(export()[1], (order.name, "1405/09/30", "1405/09/10 01:30:00"))
        self.manager.sales_panel_date_calendar = "gregorian"
        self.assertEqual(export()[1], (order.name, datetime.datetime(2026, 12, 21),
                                       datetime.datetime(2026, 12, 1, 1, 30)), "Odoo's date cells")

    def test_format_helpers(self):
        self.manager.write({"lang": "fa_IR", "sales_panel_date_calendar": "auto"})
        self.assertEqual(self.manager._sales_panel_format_date(D(2026, 12, 1)), "1405/09/10")
        self.assertEqual(calendar.month_label(D(2026, 12, 1), self.manager._sales_panel_display_calendar(),
                                              self.manager.lang), "آذر ۱۴۰۵")


@tagged("post_install", "-at_install")
class TestRulesCalendar(RpcMixin, HttpCase, SalesPanelCase):
    def test_manager_sets_the_calendar_on_the_rules_screen(self):
        company = self.env.company
        company.sales_panel_calendar = "gregorian"
        rules = self.env["sales.panel.rules"]._sales_panel_for(company)
        self.authenticate(self.manager.login, self.manager.login)
        self.assertEqual(self.open_form(rules)["sales_panel_calendar"], "gregorian")
        self.rpc("sales.panel.rules", "web_save", rules.ids, {"sales_panel_calendar": "jalali"},
                 specification={"sales_panel_calendar": {}})
        self.assertEqual(company.sales_panel_calendar, "jalali")
        self.assertEqual(company._sales_panel_period("month", D(2026, 12, 1)).start, D(2026, 11, 22))
        # Agents read it, never write it.
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertIn("AccessError", self.rpc_error("res.company", "write", company.ids,
                                                    {"sales_panel_calendar": "gregorian"}))
        self.assertEqual(company.sales_panel_calendar, "jalali")
