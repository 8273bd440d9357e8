import datetime
import json

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AlertCase, utc


@tagged("post_install", "-at_install")
class TestRules(AlertCase):
    def test_f2_red_below_three_minutes_green_from_three_no_data_nothing(self):
        low, good = self.rule("rule_f2_avg_talk_low"), self.rule("rule_f2_avg_talk_good")
        # Agent A1: 2 answered calls of 2 and 3 minutes (2.5 on average), one unanswered.
        self.call_at(self.agent_a1, "2026-11-23 09:00", 120)
        self.call_at(self.agent_a1, "2026-11-23 09:10", 180)
        self.call_at(self.agent_a1, "2026-11-23 09:20", 0, answered=False)
        # Agent A2: exactly 3 minutes on average: green (the threshold is "below 3").
        self.call_at(self.agent_a2, "2026-11-23 10:00", 180)
        with freeze_time(utc("2026-11-23 11:00")):
            self.Rule.search([])._sales_panel_evaluate()
        self.assertEqual(self.results(low, self.agent_a1).value, 2.5)
        self.assertFalse(self.results(good, self.agent_a1))
        self.assertEqual(self.results(good, self.agent_a2).value, 3.0)
        self.assertFalse(self.results(low, self.agent_a2))
        # Agent B1 has not answered a call yet: no average, neither red nor green.
        self.assertFalse(self.env["crm.alert.result"].search([("user_id", "=", self.agent_b1.id)]))
        # Rendered with the figures, in the reader's language.
        message = self.results(low, self.agent_a1).with_context(lang="en_US").message
        self.assertIn("t_agent_a1", message)
        self.assertIn("2.5", message)
        # A longer call lifts A1 to green: the red one goes off and is kept for the record.
        self.call_at(self.agent_a1, "2026-11-23 11:30", 600)
        with freeze_time(utc("2026-11-23 12:00")):
            self.Rule.search([])._sales_panel_evaluate()
        self.assertFalse(self.results(low, self.agent_a1))
        self.assertEqual(len(self.results(low, self.agent_a1, on=False)), 1)
        self.assertAlmostEqual(self.results(good, self.agent_a1).value, 5.0)

    def test_f12_successful_calls_from_12_30(self):
        rule = self.rule("rule_f12_successful_calls_noon")
        for minute in range(19):
            self.call_at(self.agent_a1, f"2026-11-23 09:{minute:02d}", 45)
        self.call_at(self.agent_a1, "2026-11-23 10:00", 29)  # answered, not successful (< 30 s)
        for minute in range(20):
            self.call_at(self.agent_a2, f"2026-11-23 09:{minute:02d}", 30)
        self.evaluate("2026-11-23 12:29", rule)
        self.assertFalse(self.results(rule, self.agent_a1), "not checked before 12:30")
        self.evaluate("2026-11-23 12:30", rule)
        self.assertEqual(self.results(rule, self.agent_a1).value, 19)
        self.assertFalse(self.results(rule, self.agent_a2), "20 successful calls are enough")
        self.assertEqual(self.results(rule, self.agent_b1).value, 0, "no call at all: 0")
        # Friday is not a working day of the shipped rules.
        self.evaluate("2026-11-27 12:45", rule)
        self.assertFalse(self.env["crm.alert.result"].search(
            [("rule_id", "=", rule.id), ("date", "=", datetime.date(2026, 11, 27))]))

    def test_f26_gold_and_silver_contacts_from_15(self):
        rule = self.rule("rule_f26_good_contacts")
        self.contact_added(self.agent_a1, "2026-11-23 09:00", "gold")
        self.contact_added(self.agent_a1, "2026-11-23 10:00", "silver")
        for hour in range(11, 14):
            self.contact_added(self.agent_a1, f"2026-11-23 {hour}:00", "bronze")
        self.contact_added(self.agent_a1, "2026-11-22 16:00", "gold")  # yesterday
        for hour in range(9, 12):
            self.contact_added(self.agent_a2, f"2026-11-23 {hour}:00", "silver")
        self.evaluate("2026-11-23 14:59", rule)
        self.assertFalse(self.results(rule, self.agent_a1), "not checked before 15:00")
        self.evaluate("2026-11-23 15:00", rule)
        self.assertEqual(self.results(rule, self.agent_a1).value, 2)
        self.assertFalse(self.results(rule, self.agent_a2), "three silver contacts")

    def test_f13_overdue_banner_comes_and_goes(self):
        rule = self.rule("rule_f13_overdue_tasks")
        self.assertEqual(rule.display, "banner")
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": self.customer_a1.id,
            "user_id": self.agent_a1.id, "summary": "Call back", "date_deadline": datetime.date(2026, 11, 22)})
        self.evaluate("2026-11-22 18:00", rule)
        self.assertFalse(self.results(rule, self.agent_a1), "due today is not overdue")
        self.evaluate("2026-11-23 08:00", rule)
        self.assertEqual(self.results(rule, self.agent_a1).value, 1)
        activity.action_feedback("Done")
        self.evaluate("2026-11-23 08:05", rule)
        self.assertFalse(self.results(rule, self.agent_a1))

    def test_f21_week_starts_on_saturday_or_friday(self):
        rule = self.rule("rule_f21_weekly_target")
        rule.day_fri = True  # checked on Fridays too, for the edge
        self.target(self.agent_a1, datetime.date(2026, 11, 1), weekly_count=2)
        # Thursday 26 and Friday 27 November 2026; Saturday 28 starts a new week.
        self.confirmed_at(self.agent_a1, "2026-11-26 10:00")
        self.evaluate("2026-11-27 10:00", rule)
        result = self.results(rule, self.agent_a1)
        self.assertEqual((result.value, result.done, result.target), (1, 1, 2))
        self.confirmed_at(self.agent_a1, "2026-11-27 11:00")
        self.evaluate("2026-11-27 12:00", rule)
        self.assertFalse(self.results(rule, self.agent_a1), "target met on Friday")
        self.evaluate("2026-11-28 09:00", rule)
        self.assertEqual(self.results(rule, self.agent_a1).value, 2, "Saturday: a new week, nothing done")
        # With weeks from Friday, Friday's quotation belongs to the new week.
        self.company.sales_panel_week_start = "4"
        self.evaluate("2026-11-28 09:05", rule)
        self.assertEqual(self.results(rule, self.agent_a1).value, 1)
        # No target, no gap: agents without one never see the warning.
        self.assertFalse(self.results(rule, self.agent_a2))
        # The customer's Persian text.
        self.assertEqual(rule.with_context(lang="fa_IR").message, "مسافرت آخر ماهو کنسل کن! از تارگتت عقبی!")

    def test_f22_monthly_gap_on_the_last_day_of_the_month(self):
        rule = self.rule("rule_f22_monthly_gap")
        self.target(self.agent_a1, datetime.date(2026, 11, 1), monthly_amount=10_000_000)
        # 30 November 23:30 in Tehran is still November there (20:00 UTC).
        self.confirmed_at(self.agent_a1, "2026-11-30 23:30", 4_000_000)
        self.evaluate("2026-11-30 23:45", rule)
        result = self.results(rule, self.agent_a1)
        self.assertEqual((result.value, result.done, result.target), (6_000_000, 4_000_000, 10_000_000))
        self.evaluate("2026-12-01 00:15", rule)
        self.assertEqual(self.results(rule, self.agent_a1).filtered(
            lambda r: r.date == datetime.date(2026, 12, 1)).value, 10_000_000, "December starts from 0")

    def test_team_default_and_history_of_targets(self):
        rule = self.rule("rule_f21_weekly_target")
        self.env["crm.sales.target"].create({"team_id": self.team_a.id, "date_start": datetime.date(2026, 1, 1),
                                             "weekly_count": 5})
        self.target(self.agent_a1, datetime.date(2026, 11, 28), weekly_count=1)
        self.evaluate("2026-11-25 10:00", rule)
        self.assertEqual(self.results(rule, self.agent_a1).target, 5, "the team's default before the 28th")
        self.assertEqual(self.results(rule, self.agent_a2).target, 5)
        self.evaluate("2026-11-29 10:00", rule)
        self.assertEqual(self.results(rule, self.agent_a1).filtered(
            lambda r: r.date == datetime.date(2026, 11, 29)).target, 1, "the agent's own from the 28th")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["crm.sales.target"].create({"date_start": datetime.date(2026, 1, 1), "weekly_count": 1})

    def test_tehran_day_is_not_utc_day(self):
        rule = self.rule("rule_f2_avg_talk_low")
        # 00:05 on 23 November in Tehran is 20:35 UTC on the 22nd; 23:30 on the 22nd is 20:00 UTC.
        self.call_at(self.agent_a1, "2026-11-23 00:05", 60)
        self.call_at(self.agent_a1, "2026-11-22 23:30", 600)
        self.evaluate("2026-11-23 00:10", rule)
        self.assertEqual(self.results(rule, self.agent_a1).value, 1.0, "only the call after Tehran's midnight")
        # The same moment with figures in UTC: it is still the 22nd, both calls count.
        self.company.sales_panel_timezone = "UTC"
        rule.threshold = 10
        rule._sales_panel_evaluate(now=utc("2026-11-23 00:10"))
        result = self.results(rule, self.agent_a1).filtered(lambda r: r.date == datetime.date(2026, 11, 22))
        self.assertEqual(result.value, 5.5)

    def test_rule_edited_by_manager_takes_effect(self):
        rule = self.rule("rule_f2_avg_talk_low")
        self.call_at(self.agent_a1, "2026-11-23 09:00", 240)  # 4 minutes: not below 3
        self.evaluate("2026-11-23 10:00", rule)
        self.assertFalse(self.results(rule, self.agent_a1))
        rule.with_user(self.manager).write({"threshold": 5, "message": "Slow down, {name}: {value} < {threshold}"})
        self.evaluate("2026-11-23 10:05", rule)
        result = self.results(rule, self.agent_a1)
        self.assertEqual(result.with_context(lang="en_US").message, "Slow down, t_agent_a1: 4.0 < 5.0")
        with self.assertRaises(AccessError):
            rule.with_user(self.agent_a1).write({"threshold": 1})

    def test_unknown_placeholder_is_refused(self):
        rule = self.rule("rule_f2_avg_talk_low")
        with self.assertRaisesRegex(ValidationError, r"\{agent\}"):
            rule.message = "Hello {agent}"

    def test_results_are_private_and_kept(self):
        rule = self.rule("rule_f12_successful_calls_noon")
        self.evaluate("2026-11-23 12:30", rule)
        first = self.results(rule, self.agent_a1)
        self.evaluate("2026-11-23 12:35", rule)
        self.assertEqual(self.results(rule, self.agent_a1), first, "one row per rule, agent and day")
        self.assertEqual(first.first_on, utc("2026-11-23 12:30"))
        Result = self.env["crm.alert.result"]
        self.assertEqual(Result.with_user(self.agent_a1).search([]).user_id, self.agent_a1)
        # The supervisor (an agent too) sees their own and their team's.
        self.assertEqual(set(Result.with_user(self.sup_a).search([]).user_id.ids),
                         {self.agent_a1.id, self.agent_a2.id, self.sup_a.id})
        with self.assertRaises(AccessError):
            self.results(rule, self.agent_a2).with_user(self.agent_a1).read(["value"])

    def test_changes_are_pushed_over_the_bus(self):
        rule = self.rule("rule_f12_successful_calls_noon")

        def pushed():
            self.env.cr.precommit.run()  # the bus writes its rows just before the commit
            channels = self.env["bus.bus"].search([]).mapped("channel")
            self.env["bus.bus"].search([]).unlink()
            return channels

        pushed()
        self.evaluate("2026-11-23 12:30", rule)
        partner = ["res.partner", self.agent_a1.partner_id.id]
        self.assertIn(partner, [json.loads(channel)[1:] for channel in pushed()])
        self.evaluate("2026-11-23 12:31", rule)
        self.assertFalse(pushed(), "nothing changed, nothing pushed")

    def test_my_alerts_are_checked_on_demand(self):
        self.rule("rule_f12_successful_calls_noon")
        with freeze_time(utc("2026-11-23 13:00")):
            alerts = self.env["res.users"].with_user(self.agent_a1).sales_panel_alerts()
        self.assertEqual([a["color"] for a in alerts], ["red"])
        self.assertIn("12:30", alerts[0]["message"])
