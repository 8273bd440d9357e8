import datetime

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ScoringCase


@tagged("post_install", "-at_install")
class TestDistribution(ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_a.assignment_by_score = True

    def test_shares_follow_scores(self):
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        leads = self.new_leads(100)
        result = self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 60, "t_agent_a2": 30, "t_marketer_a": 10})
        self.assertEqual({member.user_id.login: len(data["assigned"]) for member, data in result.items()},
                         {"t_agent_a1": 60, "t_agent_a2": 30, "t_marketer_a": 10})
        self.assertEqual(set(leads.mapped("type")), {"opportunity"}, "converted as stock's assignment does")
        # Spread, not in blocks: the first ten leads (in stock's order: most probable first)
        # already follow the scores.
        first = leads.sorted(lambda lead: (-lead.probability, lead.id))[:10]
        self.assertEqual(self.shares(first), {"t_agent_a1": 6, "t_agent_a2": 3, "t_marketer_a": 1})
        self.assertEqual(
            first[0].score_assignment_note,
            # A1 already had the case's lead this month: this one is their second.
            "Assigned to t_agent_a1 by score: 60.0, rank 1 of 3, capacity 2/3000")
        notes = leads.filtered(lambda lead: lead.user_id == self.marketer_a).mapped("score_assignment_note")
        self.assertEqual(sorted(int(note.rsplit(" ", 1)[1].split("/")[0]) for note in notes), list(range(1, 11)))

    def test_memory_between_runs(self):
        """Runs of 1 lead each follow the scores as one run would (a1 a2 m a1 a1 a2 m):
        credits are kept."""
        self.set_scores({self.agent_a1: 50, self.agent_a2: 25, self.marketer_a: 25})
        leads = self.env["crm.lead"]
        for _run in range(7):
            leads |= self.new_leads(1)
            self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 3, "t_agent_a2": 2, "t_marketer_a": 2})
        self.assertEqual({m.user_id.login: m.score_credit for m in self.team_members},
                         {"t_agent_a1": 50, "t_agent_a2": -25, "t_marketer_a": -25}, "A1 is owed the next lead")

    def test_ties_and_nobody_scored_yet(self):
        self.set_scores({self.agent_a1: 40, self.agent_a2: 40, self.marketer_a: 40})
        leads = self.new_leads(9)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 3, "t_agent_a2": 3, "t_marketer_a": 3})
        self.Score.search([]).unlink()  # a new team: no score at all, shared evenly
        leads = self.new_leads(6)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 2, "t_agent_a2": 2, "t_marketer_a": 2})

    def test_zero_score_gets_none(self):
        self.set_scores({self.agent_a1: 70, self.agent_a2: 30, self.marketer_a: 0})
        leads = self.new_leads(10)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 7, "t_agent_a2": 3})

    def test_capacity_domain_and_absence(self):
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        self.member_a1.assignment_max = 60  # 2 a day
        self.member_m.assignment_domain = "[('priority', '=', '3')]"
        urgent = self.new_leads(3, priority="3")
        leads = self.new_leads(12) | urgent
        self.assign()
        shares = self.shares(leads)
        self.assertEqual(shares["t_agent_a1"], 2, "no more than their capacity")
        self.assertEqual(shares["t_agent_a1"] + shares["t_agent_a2"] + shares.get("t_marketer_a", 0), 15)
        self.assertEqual(leads.filtered(lambda lead: lead.user_id == self.marketer_a) - urgent,
                         self.env["crm.lead"], "only leads of the marketer's domain")
        self.assertIn("capacity 2/60", " ".join(leads.filtered(
            lambda lead: lead.user_id == self.agent_a1).mapped("score_assignment_note")))
        # Absent: none for them (and none of these leads is in the marketer's domain).
        self.member_a2.score_absent = True
        leads = self.new_leads(4)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 2, False: 2})

    def test_everyone_over_capacity_during_the_run(self):
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        self.team_members.assignment_max = 30  # 1 a day each
        leads = self.new_leads(5)
        before = self.team_a.message_ids
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 1, "t_agent_a2": 1, "t_marketer_a": 1, False: 2})
        warning = self.team_a.message_ids - before
        self.assertIn("2 leads", warning.body)
        self.assertIn("over capacity", warning.body)

    def test_agent_leaving_the_team(self):
        self.set_scores({self.agent_a1: 50, self.agent_a2: 50, self.marketer_a: 50})
        self.assign()
        leads = self.new_leads(3)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 1, "t_agent_a2": 1, "t_marketer_a": 1})
        self.team_a.crm_team_member_ids = [Command.unlink(self.member_a2.id)]
        leads = self.new_leads(4)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 2, "t_marketer_a": 2})

    def test_nobody_eligible_managers_told(self):
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        self.team_members.score_absent = True
        leads = self.new_leads(3)
        before = self.team_a.message_ids
        result = self.assign()
        self.assertEqual(result, {})
        self.assertEqual(self.shares(leads), {False: 3})
        warning = self.team_a.message_ids - before
        self.assertEqual(len(warning), 1)
        self.assertIn(self.manager.partner_id, warning.partner_ids)
        self.assertIn("3 leads", warning.body)
        self.assertIn("absent", warning.body)
        self.assign()
        self.assertEqual(self.team_a.message_ids - before, warning, "told once, not at every run")

    def test_by_hand_and_stock_teams(self):
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        lead = self.new_leads(1)
        self.assign()
        self.assertTrue(lead.score_assignment_note)
        lead.user_id = self.agent_a2  # by hand
        self.assertEqual(lead.user_id, self.agent_a2)
        self.assertFalse(lead.score_assignment_note)
        mine = self.new_leads(1, user_id=self.marketer_a.id)
        self.assign()
        self.assertEqual(mine.user_id, self.marketer_a, "a lead with a salesperson is not handed out")
        # A team without the switch keeps stock's even assignment.
        agent_b2 = new_test_user(self.env, login="t_agent_b2", groups="crm_sales_base.group_agent")
        self.team_b.crm_team_member_ids = [Command.create({"user_id": agent_b2.id})]
        self.team_b.crm_team_member_ids.assignment_max = 3000
        leads = self.new_leads(4, team=self.team_b)
        self.assign(self.team_b)
        self.assertEqual(self.shares(leads), {"t_agent_b1": 2, "t_agent_b2": 2})
        self.assertFalse(any(leads.mapped("score_assignment_note")))

    def test_assignment_job(self):
        """The stock job (and the team's button) reach the distribution by score."""
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        leads = self.new_leads(10)
        self.team_a.with_user(self.manager).action_assign_leads()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 6, "t_agent_a2": 3, "t_marketer_a": 1})

    def test_new_contacts(self):
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10})
        self.team_a.assignment_contacts = True
        Partner = self.env["res.partner"]
        callers = Partner.create([{"name": f"Caller {index}", "phone": f"+98912000{index:04d}"} for index in range(10)])
        owned = Partner.create({"name": "Owned", "user_id": self.agent_b1.id})
        old = Partner.create({"name": "Old"})
        # Every other contact of the database (demo data, the case's) is older than a week.
        self.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id != ALL(%s)",
                            (self.now() - datetime.timedelta(days=30), callers.ids + owned.ids))
        self.env.invalidate_all()
        self.assign()
        self.assertEqual(self.shares(callers), {"t_agent_a1": 6, "t_agent_a2": 3, "t_marketer_a": 1})
        self.assertIn("by score", callers[0].score_assignment_note)
        self.assertEqual((owned.user_id, old.user_id), (self.agent_b1, self.env["res.users"]))

    def test_todays_partial_scores_not_used(self):
        """"Compute now" scores today so far (no call yet this morning: 0 for everyone); the
        distribution keeps to the scores of the last day over."""
        yesterday = self.company._sales_panel_today() - datetime.timedelta(days=1)
        self.set_scores({self.agent_a1: 60, self.agent_a2: 30, self.marketer_a: 10}, day=yesterday)
        self.parameter("Calls today", figure="calls", period="day")
        self.Score.with_user(self.manager).action_compute_scores()
        today = self.Score.search([("user_id", "in", self.team_members.user_id.ids), ("latest", "=", True)])
        self.assertEqual(set(today.mapped("score")), {0}, "today's part of a day, shown as the latest")
        leads = self.new_leads(10)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 6, "t_agent_a2": 3, "t_marketer_a": 1})
        self.assertEqual(self.Score._sales_panel_latest(self.agent_a1, self.company, completed=True),
                         {self.agent_a1.id: 60})
