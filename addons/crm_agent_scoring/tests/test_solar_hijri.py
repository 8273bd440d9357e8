import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ScoringCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestScoresInSolarHijriMonths(ScoringCase):
    """Scores count, group and filter by the months of the company's calendar (issue 19)."""

    def test_month_periods_groups_and_filters(self):
        self.set_calendar(self.company, kind="jalali")
        # A monthly figure scored on 1 December 2026 counts Azar 1405 from its first day.
        self.parameter("Calls of the month", figure="calls", period="month")
        self.call_at(self.agent_a1, "2026-11-21 23:50", 60)  # 30 Aban: not Azar's
        self.call_at(self.agent_a1, "2026-11-22 00:10", 60)  # 1 Azar
        self.call_at(self.agent_a1, "2026-12-01 09:00", 60)
        self.Score._sales_panel_compute(self.company, D(2026, 12, 1))
        score = self.Score.search([("user_id", "=", self.agent_a1.id), ("date", "=", D(2026, 12, 1))])
        line = score.line_ids
        # Counted from 1 Azar up to the end of the day scored.
        self.assertEqual((line.period_start, line.period_stop, line.value), (D(2026, 11, 22), D(2026, 12, 2), 2))
        self.assertEqual(score.month, "1405/09")
        self.set_scores({self.agent_a1: 40}, day=D(2026, 11, 21))  # 30 Aban
        groups = dict(self.Score._read_group([("user_id", "=", self.agent_a1.id)], ["month"], ["__count"]))
        self.assertEqual(groups, {"1405/08": 1, "1405/09": 1})
        with freeze_time(self.utc("2026-12-01 10:00")):
            self.assertEqual(self.Score.search([("sales_panel_period", "=", "this_month"),
                                                ("user_id", "=", self.agent_a1.id)]).mapped("date"), [D(2026, 12, 1)])
            self.assertEqual(self.Score.search([("sales_panel_period", "=", "last_month"),
                                                ("user_id", "=", self.agent_a1.id)]).mapped("date"), [D(2026, 11, 21)])
        # The company turned Gregorian: the stored months follow.
        self.company.sales_panel_calendar = "gregorian"
        self.assertEqual(score.month, "2026-12")
