import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AlertCase, utc


@tagged("post_install", "-at_install")
class TestAgentHome(AlertCase):
    def test_agent_home_figures_targets_and_chase_list(self):
        self.rule("rule_f2_avg_talk_low")
        self.call_at(self.agent_a1, "2026-11-23 09:00", 60, direction="incoming")
        self.call_at(self.agent_a1, "2026-11-23 09:30", 0, answered=False, direction="incoming")
        self.call_at(self.agent_a1, "2026-11-23 10:00", 120)
        self.call_at(self.agent_a1, "2026-11-22 10:00", 900)  # yesterday
        self.target(self.agent_a1, datetime.date(2026, 11, 1), weekly_count=3, monthly_amount=50_000_000)
        self.confirmed_at(self.agent_a1, "2026-11-22 12:00", 20_000_000)
        already = self.env["res.users"].with_user(self.agent_a1).sales_panel_home()["chase"]["count"]
        small = self.quotation(self.customer_a1, self.agent_a1, 2_000_000)
        big = self.quotation(self.customer_a1, self.agent_a1, 400_000_000)
        self.quotation(self.customer_a2, self.agent_a2, 900_000_000)  # another agent's
        # A1's quotation for a customer of B1's book: listed with the customer's name.
        foreign = self.quotation(self.customer_b1, self.agent_a1, 3_000_000)
        with freeze_time(utc("2026-11-23 11:00")):
            home = self.env["res.users"].with_user(self.agent_a1).sales_panel_home()
        today = home["today"]
        self.assertEqual((today["incoming"], today["outgoing"], today["missed"], today["successful"]), (2, 1, 1, 2))
        self.assertAlmostEqual(today["talk_minutes"], 3.0)
        self.assertAlmostEqual(today["avg_talk_minutes"], 1.5)
        with freeze_time(utc("2026-11-23 11:00")):
            alerts = self.env["res.users"].with_user(self.agent_a1).sales_panel_alerts()
        self.assertEqual([(a["metric"], a["color"]) for a in alerts], [("avg_talk_minutes", "red")])
        week, month = home["targets"]["week"], home["targets"]["month"]
        self.assertEqual((week["date_from"], week["count"], week["count_target"]), ("2026-11-21", 1, 3))
        self.assertEqual((month["amount"], month["amount_target"], month["amount_gap"]),
                         (20_000_000, 50_000_000, 30_000_000))
        chase = home["chase"]
        ids = [row["id"] for row in chase["rows"]]
        self.assertLess(ids.index(big.id), ids.index(small.id), "largest first")
        self.assertEqual(chase["count"], len(self.env["sale.order"].with_user(self.agent_a1).search(
            self.env["sale.order"].with_user(self.agent_a1)._sales_panel_chase_domain())))
        self.assertEqual(chase["count"], already + 3, "A1's new open quotations: small, big and foreign")
        self.assertEqual(next(r for r in chase["rows"] if r["id"] == big.id)["level"], "gold")
        self.assertEqual(next(r for r in chase["rows"] if r["id"] == foreign.id)["customer"], "Customer of B1")
        self.assertFalse(home["is_marketer"])
        self.assertNotIn("days", home, "the marketers' figures are computed for marketers only")

    def test_marketer_variant_per_day(self):
        self.call_at(self.marketer_a, "2026-11-23 09:00", 60)
        self.call_at(self.marketer_a, "2026-11-21 09:00", 10)
        self.contact_added(self.marketer_a, "2026-11-23 08:30")
        self.contact_added(self.marketer_a, "2026-11-21 08:30")
        self.contact_added(self.marketer_a, "2026-11-21 08:40")
        with freeze_time(utc("2026-11-23 11:00")):
            home = self.env["res.users"].with_user(self.marketer_a).sales_panel_home()
        self.assertTrue(home["is_marketer"])
        days = {day["date"]: day for day in home["days"]}
        self.assertEqual(len(days), 7)
        self.assertEqual((days["2026-11-23"]["calls"], days["2026-11-23"]["successful"],
                          days["2026-11-23"]["new_contacts"]), (1, 1, 1))
        self.assertEqual((days["2026-11-21"]["calls"], days["2026-11-21"]["successful"],
                          days["2026-11-21"]["new_contacts"]), (1, 0, 2))
        self.assertEqual(home["today"]["new_contacts"], 1)
        self.assertNotIn("chase", home, "marketers have no quotations to chase")

    def test_agent_home_is_the_default_home_of_agents(self):
        # (the tour lands an agent on it through the web client's session)
        home = self.env.ref("crm_alerts.action_agent_home")
        self.assertEqual(self.agent_a1._sales_panel_home_action_id(), home.id)
        self.assertEqual(self.marketer_a._sales_panel_home_action_id(), home.id)
        self.assertFalse(self.manager._sales_panel_home_action_id())
        # A home action set on the user wins.
        self.agent_a2.action_id = self.env.ref("crm_proforma_followup.action_chase_list").id
        self.assertEqual(self.agent_a2._sales_panel_home_action_id(), self.agent_a2.action_id.id)
