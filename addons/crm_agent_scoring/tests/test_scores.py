import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DAY, ScoringCase


@tagged("post_install", "-at_install")
class TestScores(ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only the two teams of the case are scored (the demo teams are left out).
        cls.env["crm.team.member"].search([("crm_team_id", "not in", (cls.team_a | cls.team_b).ids)]).unlink()
        cls.calls = cls.parameter(cls, "Calls this week", figure="calls", period="week", weight=3)
        cls.talk = cls.parameter(cls, "Talk this month", figure="talk_minutes", period="month", weight=1,
                                 normalisation="target", target=10)
        cls.behaviour = cls.parameter(cls, "Behaviour", kind="manual", figure=False, period="month", weight=1,
                                      normalisation="scale", scale_low=0, scale_high=10)

    def setUp(self):
        super().setUp()
        for day in (15, 16, 17, 18):
            self.call_at(self.agent_a1, f"2026-11-{day} 10:00", 150)  # 4 calls, 10 minutes
        self.call_at(self.agent_a1, "2026-11-19 10:00", 600)  # after the day scored
        self.call_at(self.agent_a2, "2026-11-16 10:00", 60)
        self.call_at(self.agent_a2, "2026-11-16 11:00", 60)
        self.call_at(self.agent_a2, "2026-11-10 10:00", 60)  # last week, this month
        self.call_at(self.agent_b1, "2026-11-17 10:00", 60)
        Rating = self.env["crm.agent.score.rating"]
        Rating.create({"parameter_id": self.behaviour.id, "user_id": self.agent_a1.id,
                       "date": datetime.date(2026, 11, 3), "rating": 8, "comment": "Polite"})
        Rating.create({"parameter_id": self.behaviour.id, "user_id": self.agent_a2.id,
                       "date": datetime.date(2026, 10, 20), "rating": 10})  # last month's

    def score_of(self, scores, user):
        return scores.filtered(lambda s: s.user_id == user)

    def test_parts_per_parameter(self):
        scores = self.Score._sales_panel_compute(self.company, DAY)
        self.assertEqual(
            {s.user_id.login: s.score for s in scores},
            # A1: 3/5 × 4/4 + 1/5 × 10/10 + 1/5 × 8/10; A2: 3/5 × 2/4 + 1/5 × 3/10, unrated;
            # B1 is the best (and only) of team B on calls: 3/5 + 1/5 × 1/10.
            {"t_agent_a1": 96.0, "t_agent_a2": 36.0, "t_marketer_a": 0.0, "t_agent_b1": 62.0})
        a1 = self.score_of(scores, self.agent_a1)
        self.assertEqual(
            [(line.parameter_id, line.value, line.best, line.ratio, line.share, line.points, line.rated)
             for line in a1.line_ids.sorted(lambda line: line.parameter_id.id)],
            [(self.calls, 4, 4, 100, 60, 60, True), (self.talk, 10, 0, 100, 20, 20, True),
             (self.behaviour, 8, 0, 80, 20, 16, True)])
        self.assertEqual(
            {line.parameter_id: (line.period_start, line.period_stop) for line in a1.line_ids},
            {self.calls: (datetime.date(2026, 11, 14), datetime.date(2026, 11, 19)),
             self.talk: (datetime.date(2026, 11, 1), datetime.date(2026, 11, 19)),
             self.behaviour: (datetime.date(2026, 11, 1), datetime.date(2026, 11, 19))})
        a2 = self.score_of(scores, self.agent_a2)
        behaviour = a2.line_ids.filtered(lambda line: line.parameter_id == self.behaviour)
        self.assertEqual((behaviour.rated, behaviour.points), (False, 0), "last month's rating does not count")
        self.assertEqual(a2.line_ids.filtered(lambda line: line.parameter_id == self.talk).value, 3)
        self.assertEqual(
            {s.user_id.login: (s.rank_team, s.team_size, s.rank_company, s.company_size) for s in scores},
            {"t_agent_a1": (1, 3, 1, 4), "t_agent_a2": (2, 3, 3, 4), "t_marketer_a": (3, 3, 4, 4),
             "t_agent_b1": (1, 1, 2, 4)})

    def test_team_best_and_teams_of_parameter(self):
        """A parameter for team B only: team A is judged without it; B1's share grows."""
        self.talk.team_ids = self.team_b
        scores = self.Score._sales_panel_compute(self.company, DAY)
        a1 = self.score_of(scores, self.agent_a1)
        self.assertNotIn(self.talk, a1.line_ids.parameter_id)
        self.assertEqual(a1.score, 100 * (3 * 1 + 0.8) / 4)
        self.assertEqual(self.score_of(scores, self.agent_b1).score, 100 * (3 + 0.1) / 5)

    def test_lower_is_better_against_team_best(self):
        self.calls.write({"higher_is_better": False, "weight": 1})
        (self.talk | self.behaviour).active = False
        scores = self.Score._sales_panel_compute(self.company, DAY)
        # Team A's best is the marketer's 0 calls: A1 and A2 earn nothing, the marketer all.
        self.assertEqual({s.user_id.login: s.score for s in scores},
                         {"t_agent_a1": 0, "t_agent_a2": 0, "t_marketer_a": 100, "t_agent_b1": 100})

    def test_history_kept_latest_moved(self):
        earlier = self.Score._sales_panel_compute(self.company, DAY - datetime.timedelta(days=1))
        scores = self.Score._sales_panel_compute(self.company, DAY)
        self.assertFalse(any(earlier.mapped("latest")))
        self.assertTrue(all(scores.mapped("latest")))
        self.assertEqual(self.score_of(earlier, self.agent_a1).score, 100 * (3 * 1 + 7.5 / 10 + 0.8) / 5)
        again = self.Score._sales_panel_compute(self.company, DAY)
        self.assertFalse(scores.exists(), "a day computed again replaces its scores")
        self.assertEqual(self.Score.search_count([("user_id", "=", self.agent_a1.id)]), 2)
        older = self.Score._sales_panel_compute(self.company, DAY - datetime.timedelta(days=5))
        self.assertFalse(any(older.mapped("latest")))
        self.assertTrue(all(again.mapped("latest")))
        self.assertEqual(self.Score._sales_panel_latest(self.agent_a1, self.company), {self.agent_a1.id: 96.0})

    def test_nightly_job_scores_yesterday(self):
        self.Score._cron_compute_scores()
        yesterday = self.company._sales_panel_period("day", offset=-1).start
        self.assertEqual(set(self.Score.search([]).mapped("date")), {yesterday})

    def test_compute_now_managers_only(self):
        with self.assertRaises(AccessError):
            self.Score.with_user(self.sup_a).action_compute_scores()
        self.Score.with_user(self.manager).action_compute_scores()
        today = self.company._sales_panel_today()
        self.assertEqual(len(self.Score.search([("date", "=", today)])), 4)

    def test_ratings(self):
        Rating = self.env["crm.agent.score.rating"].with_user(self.sup_a)
        rating = Rating.create({"parameter_id": self.behaviour.id, "user_id": self.agent_a2.id, "date": DAY,
                                "rating": 6, "comment": "Better"})
        self.assertEqual((rating.period_start, rating.rated_by_id), (datetime.date(2026, 11, 1), self.sup_a))
        with self.assertRaises(AccessError):  # not a member of a team sup_a leads
            Rating.create({"parameter_id": self.behaviour.id, "user_id": self.agent_b1.id, "date": DAY, "rating": 6})
        self.team_a.crm_team_member_ids = [(0, 0, {"user_id": self.sup_a.id})]
        with self.assertRaises(AccessError):
            Rating.create({"parameter_id": self.behaviour.id, "user_id": self.sup_a.id, "date": DAY, "rating": 10})
        with self.assertRaises(ValidationError):
            Rating.create({"parameter_id": self.behaviour.id, "user_id": self.marketer_a.id, "date": DAY, "rating": 11})
        with self.assertRaises(ValidationError):
            Rating.create({"parameter_id": self.calls.id, "user_id": self.marketer_a.id, "date": DAY, "rating": 1})

    def test_parameter_checks(self):
        with self.assertRaises(ValidationError):
            self.parameter("No figure")
        with self.assertRaises(ValidationError):
            self.parameter("No weight", figure="calls", weight=0)
        with self.assertRaises(ValidationError):
            self.parameter("No target", figure="calls", normalisation="target", target=0)
        self.assertIn("talk_minutes", dict(self.Parameter._fields["figure"]._description_selection(self.env)))

    def test_period_change_clashing_with_ratings(self):
        """Two ratings of an agent in two months cannot become one quarter's: a clear error."""
        self.env["crm.agent.score.rating"].create({
            "parameter_id": self.behaviour.id, "user_id": self.agent_a1.id, "date": datetime.date(2026, 10, 20),
            "rating": 5})
        with self.assertRaisesRegex(ValidationError, "t_agent_a1 has ratings of 2026-10-20 and 2026-11-03"):
            self.behaviour.with_context(lang="en_US").period = "quarter"
        self.assertEqual(self.behaviour.period, "month")
        self.behaviour.period = "week"  # no clash: allowed
        self.assertEqual(set(self.behaviour.rating_ids.mapped("period_start")),
                         {datetime.date(2026, 10, 31), datetime.date(2026, 10, 17)})

    def test_parameter_changes_kept_with_who_and_when(self):
        self.env.cr.precommit.run()  # the parameter's creation committed (a new record is not tracked)
        parameter = self.calls.with_context(tracking_disable=False).with_user(self.manager)
        parameter.write({"weight": 5, "period": "month", "team_ids": [(6, 0, self.team_b.ids)]})
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking is written just before the commit
        self.calls.invalidate_recordset(["message_ids"])
        message = self.calls.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(message.author_id, self.manager.partner_id)
        self.assertTrue(message.date)
        self.assertEqual(set(message.tracking_value_ids.field_id.mapped("name")), {"weight", "period", "team_ids"})

    def test_archived_teams_not_scored(self):
        self.team_b.active = False
        scores = self.Score._sales_panel_compute(self.company, DAY)
        self.assertNotIn(self.agent_b1, scores.user_id)
        self.assertIn(self.agent_a1, scores.user_id)
