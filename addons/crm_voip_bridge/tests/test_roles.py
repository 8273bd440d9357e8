import os
import shutil
import tempfile

from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import AccessMatrixCase
from odoo.addons.crm_sales_base.tests.common import RolesMixin

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
        cls.role = cls.make_role("Caller", calls="own", call_journal="on", contacts="own")
        cls.caller = cls.role_user("t_caller", cls.role)
        cls.team_b.user_id = cls.caller  # "my teams": team B, agent B1's

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
        cls.role_users = dict(cls.role_users, caller=cls.caller)

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
        holders = {name: self.role_user(f"t_holder_{name}", self.env.ref(f"crm_sales_base.role_{name}"))
                   for name in ("agent", "marketer", "supervisor", "manager")}
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
