import datetime

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_voip_bridge.models.crm_pbx_server import HEARTBEAT_LIMIT

from .common import ScoringCase


@tagged("post_install", "-at_install")
class TestDistributionPbx(ScoringCase):
    """What the PBX's live connection says about agents' phones (crm.pbx.extension)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_a.assignment_by_score = True
        cls.pbx = cls.env["crm.pbx.server"].create({"name": "Test PBX"})
        cls.pbx._sales_panel_set_state("connected")  # as the live-call service reports it
        cls.set_scores(cls, {cls.agent_a1: 30, cls.agent_a2: 60, cls.marketer_a: 90})

    def extension(self, user, name, state):
        return self.env["crm.pbx.extension"].create(
            {"name": name, "server_id": self.pbx.id, "user_id": user.id, "state": state})

    def test_unavailable_phone_gets_no_lead(self):
        self.extension(self.marketer_a, "203", "unavailable")
        self.extension(self.agent_a2, "202", "unavailable")
        self.extension(self.agent_a2, "212", "in_use")  # one phone of theirs still works
        self.extension(self.agent_a1, "201", "idle")
        leads = self.new_leads(9)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 3, "t_agent_a2": 6})

    def test_free_agents_for_a_caller(self):
        self.extension(self.agent_a1, "201", "idle")
        self.extension(self.agent_a2, "202", "idle")
        self.extension(self.marketer_a, "203", "in_use")
        self.assertEqual(self.team_a._sales_panel_free_agents(), [
            {"user_id": self.agent_a2.id, "team_id": self.team_a.id, "extension": "202", "score": 60},
            {"user_id": self.agent_a1.id, "team_id": self.team_a.id, "extension": "201", "score": 30},
        ])
        # Without teams: those of the company assigning by score.
        self.assertLessEqual({self.agent_a1.id, self.agent_a2.id},
                             {agent["user_id"] for agent in self.env["crm.team"]._sales_panel_free_agents()})
        self.member_a2.score_absent = True
        self.assertEqual([agent["user_id"] for agent in self.team_a._sales_panel_free_agents()], [self.agent_a1.id])

    def test_states_of_a_stopped_service_are_ignored(self):
        """The service stopped (or its connection lost): the states it saw last are stale."""
        self.extension(self.marketer_a, "203", "unavailable")
        self.extension(self.agent_a1, "201", "idle")
        self.pbx._sales_panel_set_state("stopped")
        leads = self.new_leads(12)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 2, "t_agent_a2": 4, "t_marketer_a": 6})
        self.assertEqual(self.team_a._sales_panel_free_agents(), [], "nobody known free")

    def test_states_of_a_silent_service_are_ignored(self):
        """The service was killed: the server still says "connected", but its heartbeat is
        old, so the states it saw last are stale too."""
        self.extension(self.marketer_a, "203", "unavailable")
        self.extension(self.agent_a1, "201", "idle")
        self.pbx.heartbeat_date = fields.Datetime.now() - datetime.timedelta(seconds=HEARTBEAT_LIMIT + 5)
        self.assertEqual(self.pbx.state, "connected")
        leads = self.new_leads(12)
        self.assign()
        self.assertEqual(self.shares(leads), {"t_agent_a1": 2, "t_agent_a2": 4, "t_marketer_a": 6})
        self.assertEqual(self.team_a._sales_panel_free_agents(), [], "nobody known free")
