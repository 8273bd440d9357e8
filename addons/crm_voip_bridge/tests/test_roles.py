import datetime
import os
import shutil
import tempfile

from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import AccessMatrixCase
from odoo.addons.crm_sales_base.tests.common import RolesMixin
from odoo.addons.crm_voip_bridge.cli.pbx_service import PbxService

CALLS_MENU = "crm_voip_bridge.menu_calls_root"
JOURNAL_MENU = "crm_voip_bridge.menu_calls_journal"


@tagged("post_install", "-at_install")
class TestCallSections(RolesMixin, AccessMatrixCase):
    """The sections "calls and recordings" and "call journal" of the roles screen (#18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.monitor = tempfile.mkdtemp(prefix="sp-roles-")
        cls.addClassCleanup(shutil.rmtree, cls.monitor, ignore_errors=True)
        with open(os.path.join(cls.monitor, "rec.wav"), "wb") as recording:
            recording.write(b"RIFF" + bytes(400))
        source = cls.env["crm.cdr.source"].create({
            "name": "PBX", "kind": "csv", "recording_mode": "directory", "recording_dir": cls.monitor})
        cls.setup_role_user(calls="own", call_journal="on")

        def call(linkedid, user, partner, team):
            return cls.env["crm.call"].create({
                "linkedid": linkedid, "source_id": source.id, "direction": "incoming",
                "disposition": "answered", "talk_seconds": 90, "start_date": "2024-01-01 10:00:00",
                "number_raw": "09121234567", "recording_file": "rec.wav",
                "user_id": user.id, "partner_id": partner.id, "team_id": team.id})

        own = cls.env["res.partner"].create({"name": "Caller's customer", "user_id": cls.caller.id})
        cls.call_own = call("r1", cls.caller, own, cls.team_b)
        cls.call_b1 = call("r2", cls.agent_b1, cls.customer_b1, cls.team_b)
        cls.call_a1 = call("r3", cls.agent_a1, cls.customer_a1, cls.team_a)

    def recording(self, call):
        return self.fetch("caller", f"/sales_panel/call/{call.id}/recording")

    def test_calls_at_each_level(self):
        calls = self.call_own | self.call_b1 | self.call_a1
        expected = {"own": self.call_own, "team": self.call_own | self.call_b1, "all": calls}
        for level, seen in expected.items():
            self.role.sales_panel_section_calls = level
            found = self.rpc_as("caller", "crm.call", "search", [[("id", "in", calls.ids)]])
            self.assertEqual(sorted(found), sorted(seen.ids), level)
            self.assertEqual({c.linkedid: self.recording(c) for c in calls},
                             {c.linkedid: 200 if c in seen else 403 for c in calls}, level)

    def test_calls_switched_off(self):
        self.assertEqual(self.menus_of(self.caller, CALLS_MENU, JOURNAL_MENU), {CALLS_MENU: True, JOURNAL_MENU: True})
        self.assertEqual(self.outcome("caller", "crm.call", "search", [[]]), "+")
        self.role.sales_panel_section_calls = "off"
        self.assertEqual(self.menus_of(self.caller, CALLS_MENU), {CALLS_MENU: False})
        self.assertEqual(self.outcome("caller", "crm.call", "search", [[]]), "-")
        self.assertEqual(self.outcome("caller", "crm.call", "read", [self.call_own.ids, ["number_raw"]]), "-")
        self.assertEqual(self.outcome("caller", "crm.call", "sales_panel_dial", ["09121234567"]), "-")
        self.assertEqual(self.recording(self.call_own), 403)

    def test_journal_switched_off(self):
        self.role.sales_panel_section_call_journal = "off"
        self.assertEqual(self.menus_of(self.caller, CALLS_MENU, JOURNAL_MENU), {CALLS_MENU: True, JOURNAL_MENU: False})

    def test_shipped_roles_menus(self):
        holders = self.shipped_holders()
        self.assertEqual({name: self.menus_of(user, CALLS_MENU, JOURNAL_MENU) for name, user in holders.items()},
                         dict.fromkeys(holders, {CALLS_MENU: True, JOURNAL_MENU: True}))
        # The Agent role without calls: agents lose them, supervisors keep their teams'.
        self.env.ref("crm_sales_base.role_agent").sales_panel_section_calls = "off"
        self.assertFalse(self.menus_of(holders["agent"], CALLS_MENU)[CALLS_MENU])
        self.assertFalse(self.agent_a1.has_group("crm_sales_base.group_section_calls"))
        self.assertEqual(self.outcome("agent", "crm.call", "search", [[]]), "-")
        self.assertTrue(self.menus_of(holders["supervisor"], CALLS_MENU)[CALLS_MENU])
        self.assertEqual(self.outcome("supervisor", "crm.call", "search_count", [[]]), "+")

    def test_agent_group_taken_away(self):
        """Unticking Agent on a user's form takes its sections with it (Odoo keeps implied
        groups otherwise)."""
        self.assertEqual(self.outcome("agent", "crm.call", "search", [[]]), "+")
        self.agent_a1.write({"groups_id": [(3, self.env.ref("crm_sales_base.group_agent").id)]})
        self.assertFalse(self.agent_a1.has_group("crm_sales_base.group_section_calls"))
        self.assertEqual(self.outcome("agent", "crm.call", "search", [[]]), "-")
        self.assertEqual(self.fetch("agent", f"/sales_panel/call/{self.call_a1.id}/recording"), 403)

    def test_manager_without_calls(self):
        """A manager whose roles do not open the calls (#18): a custom role giving all the
        shipped Manager role gives but the calls, and the shipped Manager role with the
        section switched off. Calls, their legs and their days are refused over RPC, and so
        is the recording's route."""
        self.manager_role_without("calls", "t_boss")
        self.switch_off_for_managers("calls")
        refused = {"search": "-", "read": "-", "write": "-", "legs": "-", "days": "-", "recording": 403}
        for role in ("boss", "manager"):
            self.assertEqual({
                "search": self.outcome(role, "crm.call", "search", [[]]),
                "read": self.outcome(role, "crm.call", "read", [self.call_a1.ids, ["number_raw"]]),
                "write": self.outcome(role, "crm.call", "write", [self.call_a1.ids, {"description": "x"}]),
                "legs": self.outcome(role, "crm.call.leg", "search", [[]]),
                "days": self.outcome(role, "crm.call.day", "search", [[]]),
                "recording": self.fetch(role, f"/sales_panel/call/{self.call_a1.id}/recording"),
            }, refused, role)

    def test_calls_at_all_correct_calls(self):
        """Correcting a call (its agent) is the calls section at "all", whichever role gives
        it; a role with the calls of their own only corrects nothing."""
        self.manager_role_without("call_journal", "t_boss")
        self.assertEqual(self.outcome("boss", "crm.call", "write", [self.call_a1.ids, {"user_id": self.agent_a2.id}]),
                         "+")
        self.assertEqual(self.rpc_as("boss", "crm.call", "read", [self.call_a1.ids, ["sales_panel_can_correct"]]),
                         [{"id": self.call_a1.id, "sales_panel_can_correct": True}])
        self.assertEqual(self.outcome("caller", "crm.call", "write", [self.call_own.ids, {"user_id": self.agent_a2.id}]),
                         "-")
        self.role.sales_panel_section_calls = "all"
        self.assertEqual(self.outcome("caller", "crm.call", "write", [self.call_a1.ids, {"user_id": self.agent_a2.id}]),
                         "+")

    def test_call_figures_follow_the_calls_level(self):
        """The figures of days rolled up (crm.call.day, every agent's) are read by who sees
        every call only: the Manager role with the calls of its teams counts those."""
        self.env["crm.call.day"]._sales_panel_roll_up(self.env.company)
        day = datetime.date(2024, 1, 1)
        Call = self.env["crm.call"].with_user(self.manager)
        self.assertEqual(set(Call._sales_panel_stats(day, day)), {self.caller.id, self.agent_b1.id, self.agent_a1.id})
        self.env.ref("crm_sales_base.role_manager").sales_panel_section_calls = "team"
        self.team_a.user_id = self.manager
        self.assertEqual(set(Call._sales_panel_stats(day, day)), {self.agent_a1.id})

    def test_live_journal_watchers(self):
        """The live journal is shown to whoever has the call journal and the calls of their
        teams or all: a custom role too; a supervisor whose calls are off no longer."""
        company = self.env.company
        boss = self.manager_role_without("key_people", "t_boss")
        watchers = PbxService._watchers(self.env, company)
        self.assertIn(boss.partner_id, watchers)
        self.assertIn(self.sup_a.partner_id, watchers)
        self.assertNotIn(self.caller.partner_id, watchers)  # own calls only
        self.role.sales_panel_section_calls = "team"
        self.assertIn(self.caller.partner_id, PbxService._watchers(self.env, company))
        self.switch_off_for_managers("calls")
        self.assertNotIn(self.sup_a.partner_id, PbxService._watchers(self.env, company))

    def test_calls_at_all_move_anyones_events(self):
        """An event's progress: its assignee, or who has the calls at "all" (#18)."""
        self.manager_role_without("call_journal", "t_boss")
        lead = self.env["crm.lead"].create({"name": "Event lead", "user_id": self.agent_a1.id})
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"), "res_id": lead.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id, "user_id": self.agent_a1.id})
        self.role.sales_panel_section_quotations = "all"  # the caller sees the lead, not the calls of all
        self.assertEqual({role: self.outcome(role, "mail.activity", "action_sales_panel_start", [activity.ids])
                          for role in ("caller", "boss")}, {"caller": "-", "boss": "+"})
