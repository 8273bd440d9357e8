import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FigureMixin, SalesPanelCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestCalendar(FigureMixin, SalesPanelCase):
    """res.company's calendar: the fields moved from crm_voip_bridge and crm_alerts, and
    the periods of crm_sales_base/lib/calendar.py in the company's timezone."""

    def test_company_periods(self):
        company = self.env.company
        self.set_calendar(company, "Asia/Tehran", week_start="5")
        self.assertEqual(company._sales_panel_calendar(), ("Asia/Tehran", 5))
        week = company._sales_panel_period("week", D(2026, 11, 23))
        self.assertEqual((week.start, week.stop), (D(2026, 11, 21), D(2026, 11, 28)))
        self.assertEqual(week.utc_start, datetime.datetime(2026, 11, 20, 20, 30))
        quarter = company._sales_panel_period("quarter", D(2026, 11, 23), offset=1)
        self.assertEqual((quarter.start, quarter.stop), (D(2027, 1, 1), D(2027, 4, 1)))
        company.sales_panel_week_start = "6"
        self.assertEqual(company._sales_panel_period("week", D(2026, 11, 23)).start, D(2026, 11, 22))
        today = company._sales_panel_period("day")
        self.assertEqual(today.start, company._sales_panel_today())
        self.assertEqual(today.stop - today.start, datetime.timedelta(days=1))

    def test_fields_belong_to_the_base(self):
        """Defined here, so the stored values stay when crm_alerts or crm_voip_bridge are
        updated alone (their init hands the external ids over)."""
        Data = self.env["ir.model.data"]
        for name in ("sales_panel_timezone", "sales_panel_week_start"):
            field = self.env["ir.model.fields"]._get("res.company", name)
            owners = Data.search([("model", "=", "ir.model.fields"), ("res_id", "=", field.id)]).mapped("module")
            self.assertEqual(owners, ["crm_sales_base"], name)
        self.assertEqual(self.env["res.company"]._fields["sales_panel_week_start"]._module, "crm_sales_base")


@tagged("post_install", "-at_install")
class TestBaseFigures(FigureMixin, SalesPanelCase):
    """Contacts added by tier and confirmed sales: one definition each, for everyone at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_calendar(cls.env.company)
        cls.agents = cls.agent_a1 | cls.agent_a2 | cls.agent_b1

    def test_contacts_added_by_tier_in_the_local_day(self):
        day = self.env.company._sales_panel_period("day", D(2026, 11, 23))
        # 00:10 in Tehran is still the 22nd in UTC: counted on the 23rd.
        self.contact_added(self.agent_a1, "2026-11-23 00:10", tier="gold")
        self.contact_added(self.agent_a1, "2026-11-23 12:00", tier="silver")
        self.contact_added(self.agent_a1, "2026-11-23 23:59", tier="bronze", active=False)  # archived: counted
        self.contact_added(self.agent_a1, "2026-11-22 23:59")  # the day before
        self.contact_added(self.agent_a2, "2026-11-23 09:00")
        other = self.env["res.company"].create({"name": "Other company"})
        self.contact_added(self.agent_a2, "2026-11-23 09:00", company_id=other.id)  # another company's
        codes = ["contacts_added", "contacts_added_gold", "contacts_added_silver", "contacts_added_bronze",
                 "contacts_added_gold_silver"]
        values = self.figure_values(codes, day, self.agents)
        self.assertEqual(values, {
            "contacts_added": {self.agent_a1.id: 3, self.agent_a2.id: 1},
            "contacts_added_gold": {self.agent_a1.id: 1},
            "contacts_added_silver": {self.agent_a1.id: 1},
            "contacts_added_bronze": {self.agent_a1.id: 1},
            "contacts_added_gold_silver": {self.agent_a1.id: 2},
        })
        # Only the agents asked for.
        self.assertEqual(self.figure_values(["contacts_added"], day, self.agent_a2), {"contacts_added": {self.agent_a2.id: 1}})

    def test_sales_of_the_week_from_its_first_day(self):
        week = self.env.company._sales_panel_period("week", D(2026, 11, 23))  # Saturday 21 to Friday 27
        self.sale_at(self.agent_a1, "2026-11-21 00:05", 2_000_000)
        self.sale_at(self.agent_a1, "2026-11-27 23:55", 3_000_000)
        self.sale_at(self.agent_a1, "2026-11-28 00:05", 7_000_000)  # next week
        self.sale_at(self.agent_b1, "2026-11-20 23:55", 5_000_000)  # last week
        self.sale_at(self.agent_b1, "2026-11-24 10:00", 1_000_000, customer=self.customer_b1)
        self.sale_at(self.agent_a2, "2026-11-24 10:00")._action_cancel()  # no longer a sale
        values = self.figure_values(["sales_count", "sales_amount"], week, self.agents)
        self.assertEqual(values["sales_count"], {self.agent_a1.id: 2, self.agent_b1.id: 1})
        self.assertEqual(values["sales_amount"], {self.agent_a1.id: 5_000_000, self.agent_b1.id: 1_000_000})

    def test_other_currency_at_the_last_days_rate(self):
        company_currency = self.env.company.currency_id
        other = self.env.ref("base.USD") if company_currency != self.env.ref("base.USD") else self.env.ref("base.EUR")
        other.active = True
        Rate = self.env["res.currency.rate"]
        Rate.search([("currency_id", "in", (other | company_currency).ids)]).unlink()
        Rate.create({"currency_id": other.id, "rate": 0.001, "name": "2020-01-01"})
        Rate.create({"currency_id": other.id, "rate": 0.0001, "name": "2026-11-30"})  # the month's last day
        Rate.create({"currency_id": other.id, "rate": 0.00001, "name": "2026-12-01"})  # the next one's
        self.sale_at(self.agent_a1, "2026-11-10 10:00", 3, currency=other)
        month = self.env.company._sales_panel_period("month", D(2026, 11, 10))
        self.assertAlmostEqual(self.figure_values(["sales_amount"], month, self.agent_a1)["sales_amount"][self.agent_a1.id],
                               30_000, places=2)

    def test_other_currency_at_todays_local_rate(self):
        """A day not over yet converts at the company's local today's rate, not UTC's."""
        company_currency = self.env.company.currency_id
        other = self.env.ref("base.USD") if company_currency != self.env.ref("base.USD") else self.env.ref("base.EUR")
        other.active = True
        Rate = self.env["res.currency.rate"]
        Rate.search([("currency_id", "in", (other | company_currency).ids)]).unlink()
        Rate.create({"currency_id": other.id, "rate": 0.0001, "name": "2026-11-30"})
        Rate.create({"currency_id": other.id, "rate": 0.00001, "name": "2026-12-01"})
        # 00:30 of 1 December in Tehran: still 30 November in UTC.
        with freeze_time(self.utc("2026-12-01 00:30")):
            self.sale_at(self.agent_a1, "2026-12-01 00:10", 3, currency=other)
            day = self.env.company._sales_panel_period("day", D(2026, 12, 1))
            self.assertAlmostEqual(
                self.figure_values(["sales_amount"], day, self.agent_a1)["sales_amount"][self.agent_a1.id],
                300_000, places=2)

    def test_read_with_the_rights_of_the_environment(self):
        week = self.env.company._sales_panel_period("week", D(2026, 11, 23))
        self.sale_at(self.agent_a1, "2026-11-22 10:00")
        self.sale_at(self.agent_b1, "2026-11-22 10:00", customer=self.customer_b1)
        as_agent = self.env["sales.panel.figure"].with_user(self.agent_a1)._sales_panel_values(
            ["sales_count"], week.utc_start, week.utc_stop, self.agents, self.env.company)
        self.assertEqual(as_agent["sales_count"], {self.agent_a1.id: 1}, "an agent reads their own sales only")
        self.assertEqual(self.figure_values(["sales_count"], week, self.agents)["sales_count"],
                         {self.agent_a1.id: 1, self.agent_b1.id: 1})

    def test_unknown_figure_is_refused(self):
        day = self.env.company._sales_panel_period("day")
        with self.assertRaisesRegex(ValueError, "Unknown figures: no_such_figure"):
            self.figure_values(["contacts_added", "no_such_figure"], day, self.agents)

    def test_listed_figures(self):
        listed = {code: unit for code, _label, unit in self.env["sales.panel.figure"]._sales_panel_figure_list()}
        self.assertEqual(listed["sales_amount"], "amount")
        self.assertEqual(listed["contacts_added_gold_silver"], "count")
        self.assertEqual(len(listed), len(self.env["sales.panel.figure"]._sales_panel_figure_list()), "codes are unique")
