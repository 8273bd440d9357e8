import datetime

from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import FigureMixin, SalesPanelCase

from .common import CallMixin

D = datetime.date
CALL_CODES = ["calls", "calls_incoming", "calls_outgoing", "calls_missed", "calls_answered",
              "calls_successful", "talk_minutes", "avg_talk_minutes"]


@tagged("post_install", "-at_install")
class TestCallFigures(CallMixin, FigureMixin, SalesPanelCase):
    """Call figures of sales.panel.figure: the calls statistics' definitions (answered: talk
    time; successful: at least the company's successful seconds), per local day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.set_calendar(cls.company)
        cls.company.sales_panel_successful_seconds = 30
        cls.agents = cls.agent_a1 | cls.agent_a2 | cls.agent_b1

    def day(self, day):
        return self.company._sales_panel_period("day", day)

    def make_day(self):
        self.call_at(self.agent_a1, "2026-11-23 00:05", 45, direction="incoming")  # the 22nd in UTC
        self.call_at(self.agent_a1, "2026-11-23 10:00", 20)  # answered, not successful
        self.call_at(self.agent_a1, "2026-11-23 11:00", 0, answered=False, direction="incoming")  # missed
        self.call_at(self.agent_a1, "2026-11-23 23:50", 0, answered=False)  # not answered
        self.call_at(self.agent_a1, "2026-11-24 00:01", 300)  # the next day
        self.call_at(self.agent_a2, "2026-11-23 12:00", 0, answered=False)
        self.call_at(self.agent_b1, "2026-11-23 12:00", 30, direction="incoming")  # successful from 30 s

    def test_calls_of_a_local_day(self):
        self.make_day()
        values = self.figure_values(CALL_CODES, self.day(D(2026, 11, 23)), self.agents)
        a1, a2, b1 = self.agent_a1.id, self.agent_a2.id, self.agent_b1.id
        self.assertEqual(values["calls"], {a1: 4, a2: 1, b1: 1})
        self.assertEqual(values["calls_incoming"], {a1: 2, a2: 0, b1: 1})
        self.assertEqual(values["calls_outgoing"], {a1: 2, a2: 1, b1: 0})
        self.assertEqual(values["calls_missed"], {a1: 1, a2: 0, b1: 0})
        self.assertEqual(values["calls_answered"], {a1: 2, a2: 0, b1: 1})
        self.assertEqual(values["calls_successful"], {a1: 1, a2: 0, b1: 1})
        self.assertEqual(values["talk_minutes"], {a1: 65 / 60, a2: 0, b1: 0.5})
        # No answered call, no average (rather than an average of 0).
        self.assertEqual(values["avg_talk_minutes"], {a1: 65 / 120, b1: 0.5})

    def test_rolled_up_days_give_the_same_figures(self):
        self.make_day()
        week = self.company._sales_panel_period("week", D(2026, 11, 23))
        live = self.figure_values(CALL_CODES, week, self.agents)
        while self.env["crm.call.day"]._sales_panel_roll_up(self.company, today=D(2026, 11, 28)):
            pass
        # Read from crm.call.day now: a row changed behind the ORM's back would not show.
        self.env.cr.execute("UPDATE crm_call_day SET outgoing = outgoing + 100 WHERE user_id = %s AND day = %s",
                            (self.agent_a2.id, D(2026, 11, 23)))
        rolled = self.figure_values(CALL_CODES, week, self.agents)
        self.assertEqual(rolled["calls"][self.agent_a2.id], live["calls"][self.agent_a2.id] + 100)
        rolled["calls"][self.agent_a2.id] -= 100
        rolled["calls_outgoing"][self.agent_a2.id] -= 100
        self.assertEqual(rolled, live)

    def test_a_range_of_hours(self):
        """Not whole local days (e.g. a shift): read from the calls."""
        self.make_day()
        values = self.env["sales.panel.figure"].sudo()._sales_panel_values(
            ["calls", "calls_successful"], self.utc("2026-11-23 00:00"), self.utc("2026-11-23 11:00"),
            self.agents, self.company)
        self.assertEqual(values, {"calls": {self.agent_a1.id: 2}, "calls_successful": {self.agent_a1.id: 1}})

    def test_summer_time_day(self):
        """Berlin's clocks went forward on 29 March 2026: that day has 23 hours."""
        self.set_calendar(self.company, "Europe/Berlin", week_start="0")
        self.call_at(self.agent_a1, "2026-03-29 00:30", 60)
        self.call_at(self.agent_a1, "2026-03-29 23:30", 60)
        self.call_at(self.agent_a1, "2026-03-30 00:30", 60)
        self.assertEqual(self.utc("2026-03-29 23:30"), datetime.datetime(2026, 3, 29, 21, 30))
        values = self.figure_values(["calls"], self.day(D(2026, 3, 29)), self.agent_a1)
        self.assertEqual(values["calls"], {self.agent_a1.id: 2})

    def test_an_agent_counts_their_own_calls(self):
        self.make_day()
        values = self.figure_values(["calls"], self.day(D(2026, 11, 23)), self.agents, sudo=False)
        as_agent = self.env["sales.panel.figure"].with_user(self.agent_a2)._sales_panel_values(
            ["calls"], *self.day(D(2026, 11, 23))[3:], self.agents, self.company)
        self.assertEqual(as_agent, {"calls": {self.agent_a2.id: 1}})
        self.assertEqual(len(values["calls"]), 3)
