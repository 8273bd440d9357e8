from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import FigureMixin, RpcMixin, SalesPanelCase

from .common import CallMixin


@tagged("post_install", "-at_install")
class TestCallPeriodFilters(RpcMixin, CallMixin, FigureMixin, HttpCase, SalesPanelCase):
    """The calls' search filters Today, This week, This month and Last month are periods of
    the company's calendar, computed on the server (issue 19)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.set_calendar(cls.company, "Asia/Tehran", week_start="5", kind="jalali")

    def setUp(self):
        super().setUp()
        self.calls = {name: self.call_at(self.agent_a1, local, 60) for name, local in (
            ("aban_end", "2026-11-21 23:50"),   # 30 Aban 1405
            ("azar_start", "2026-11-22 00:10"),  # 1 Azar
            ("saturday", "2026-11-28 08:00"),    # the week's first day
            ("today", "2026-12-01 09:00"),       # 10 Azar, a Tuesday
            ("azar_end", "2026-12-21 23:50"),    # 30 Azar
            ("dey", "2026-12-22 00:10"),         # 1 Dey
            ("mehr_end", "2026-10-22 12:00"),    # 30 Mehr
        )}

    def found(self, period, user=None):
        calls = self.env["crm.call"].with_user(user or self.manager).search(
            [("sales_panel_period", "=", period), ("id", "in", [c.id for c in self.calls.values()])])
        return {name for name, call in self.calls.items() if call in calls}

    def test_periods_follow_the_solar_hijri_months(self):
        # A reader of English: dates, and so periods, in the company's calendar.
        self.manager.write({"lang": "en_US", "sales_panel_date_calendar": "auto"})
        with freeze_time(self.utc("2026-12-01 10:00")):
            self.assertEqual(self.found("this_month"), {"azar_start", "saturday", "today", "azar_end"})
            self.assertEqual(self.found("last_month"), {"aban_end"})
            self.assertEqual(self.found("this_week"), {"saturday", "today"})
            self.assertEqual(self.found("today"), {"today"})
            self.company.sales_panel_calendar = "gregorian"
            self.assertEqual(self.found("this_month"), {"today", "azar_end", "dey"})
            self.assertEqual(self.found("last_month"), {"aban_end", "azar_start", "saturday"})

    def test_the_filters_of_the_search_view_through_rpc(self):
        view = self.env.ref("crm_voip_bridge.crm_call_view_search")
        for name in ("today", "this_week", "this_month", "last_month"):
            self.assertIn(f"name=\"{name}\"", view.arch)
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        with freeze_time(self.utc("2026-12-01 10:00")):
            ids = self.rpc("crm.call", "search", [("sales_panel_period", "=", "last_month")])
            self.assertEqual(ids, self.calls["aban_end"].ids)
            ids = self.rpc("crm.call", "search", [("sales_panel_period", "in", ["last_month", "this_month"])])
            self.assertEqual(len(ids), 5)
        self.assertIn("UserError", self.rpc_error("crm.call", "search", [("sales_panel_period", "=", "someday")]))

    def test_periods_follow_the_calendar_the_user_reads(self):
        """A Persian user of a Gregorian company reads Jalali dates: their "this month" is
        the Solar Hijri month; an English user of the same company gets December. Both in
        the company's timezone (issue 19)."""
        self.company.sales_panel_calendar = "gregorian"
        self.env["res.lang"]._activate_lang("fa_IR")
        persian, english = self.sup_a, self.manager  # both see agent A1's calls
        persian.write({"lang": "fa_IR", "sales_panel_date_calendar": "auto"})
        english.write({"lang": "en_US", "sales_panel_date_calendar": "auto"})
        self.assertEqual((persian._sales_panel_display_calendar(), english._sales_panel_display_calendar()),
                         ("jalali", "gregorian"))
        with freeze_time(self.utc("2026-12-01 10:00")):
            self.assertEqual(self.found("this_month", persian), {"azar_start", "saturday", "today", "azar_end"})
            self.assertEqual(self.found("last_month", persian), {"aban_end"})
            self.assertEqual(self.found("this_month", english), {"today", "azar_end", "dey"})
            self.assertEqual(self.found("last_month", english), {"aban_end", "azar_start", "saturday"})
            # An English user who chose the Solar Hijri calendar, through RPC as the web client asks.
            english.sales_panel_date_calendar = "jalali"
            self.authenticate(english.login, english.login)
            ids = self.rpc("crm.call", "search", [("sales_panel_period", "=", "last_month")])
            self.assertEqual(ids, self.calls["aban_end"].ids)
