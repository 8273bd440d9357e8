import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .access_matrix import AccessMatrixCase
from .common import RolesMixin

SECTIONS = ("calls", "call_journal", "quotations", "alerts", "report", "sms", "key_people",
            "scores", "supervisor", "contacts")
# The customer's behaviour before roles (#18): what each shipped role opens.
SHIPPED = {
    "agent": dict(calls="own", call_journal="on", quotations="own", alerts="own", report="off",
                  sms="own", key_people="off", scores="own", supervisor="off", contacts="own"),
    "marketer": dict(calls="own", call_journal="on", quotations="off", alerts="own", report="off",
                     sms="own", key_people="off", scores="own", supervisor="off", contacts="own"),
    "supervisor": dict(calls="team", call_journal="on", quotations="team", alerts="team", report="team",
                       sms="team", key_people="on", scores="team", supervisor="on", contacts="team"),
    "manager": dict(calls="all", call_journal="on", quotations="all", alerts="all", report="all",
                    sms="all", key_people="on", scores="all", supervisor="on", contacts="all"),
}
KEY_PEOPLE_MENU = "crm_sales_base.menu_key_people_xlsx"
ROLES_MENU = "crm_sales_base.menu_sales_panel_roles"
KEY_PEOPLE_URL = "/sales_panel/key_people.xlsx"


def levels(role):
    return {code: role[f"sales_panel_section_{code}"] for code in SECTIONS}


@tagged("post_install", "-at_install")
class TestRoles(RolesMixin, AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipped = {name: cls.env.ref(f"crm_sales_base.role_{name}") for name in SHIPPED}
        # People holding the shipped roles through role lines, as managers give them.
        cls.holders = cls.shipped_holders()
        # A custom role: the contacts of their own, no key-people export.
        cls.setup_role_user()
        cls.role_users = dict(cls.role_users, holder_supervisor=cls.holders["supervisor"])

    # The shipped roles ---------------------------------------------------------------------

    def test_shipped_roles_keep_the_customer_behaviour(self):
        for name, role in self.shipped.items():
            self.assertEqual(levels(role), SHIPPED[name], name)
        self.assertEqual(self.shipped["agent"].group_id, self.env.ref("crm_sales_base.group_agent"))
        # Everyone who had a role's group before roles existed gets its sections.
        for user, name in ((self.agent_a1, "agent"), (self.sup_a, "supervisor"), (self.manager, "manager")):
            for code, level in SHIPPED[name].items():
                if level in ("own", "on", "team") and code != "report" or code == "report" and level != "off":
                    self.assertTrue(user.has_group(f"crm_sales_base.group_section_{code}"), (name, code))

    def test_holders_of_shipped_roles_get_their_access(self):
        for name, holder in self.holders.items():
            self.assertTrue(holder.has_group(f"crm_sales_base.group_{name}"), name)
            for code, level in SHIPPED[name].items():
                base = self.env.ref(f"crm_sales_base.group_section_{code}")
                self.assertEqual(base in holder.groups_id, level != "off", (name, code))
            self.assertEqual(holder.has_group("crm_sales_base.group_section_calls_all"), name == "manager")
        menus = {name: self.menus_of(holder, KEY_PEOPLE_MENU, ROLES_MENU) for name, holder in self.holders.items()}
        self.assertEqual(menus, {
            "agent": {KEY_PEOPLE_MENU: False, ROLES_MENU: False},
            "marketer": {KEY_PEOPLE_MENU: False, ROLES_MENU: False},
            "supervisor": {KEY_PEOPLE_MENU: True, ROLES_MENU: False},
            "manager": {KEY_PEOPLE_MENU: True, ROLES_MENU: True},
        })

    # A section switched off ----------------------------------------------------------------

    def test_section_off_is_refused_not_only_hidden(self):
        self.assertEqual(self.menus_of(self.caller, KEY_PEOPLE_MENU), {KEY_PEOPLE_MENU: False})
        self.assertEqual(self.export_action("caller"), "-")
        self.assertEqual(self.fetch("caller", KEY_PEOPLE_URL), 404)
        # A manager switches it on over RPC: the caller may export at once.
        self.rpc_as_commit("manager", "res.users.role", "write",
                           [self.role.ids, {"sales_panel_section_key_people": "on"}])
        self.assertEqual(self.menus_of(self.caller, KEY_PEOPLE_MENU), {KEY_PEOPLE_MENU: True})
        self.assertEqual(self.export_action("caller"), "+")
        self.assertEqual(self.fetch("caller", KEY_PEOPLE_URL), 200)

    def export_action(self, role):
        """'+' when ``role`` may run the key-people export (the menu's server action, over
        the web client's /web/action/run), '-' when refused."""
        self.login(role)
        action = self.env.ref("crm_sales_base.action_key_people_export")
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request("/web/action/run", {"action_id": action.id})
        except JsonRpcException as error:
            return "-" if str(error) == "odoo.exceptions.AccessError" else str(error)
        return "+"

    def rpc_as_commit(self, role, model, method, args=()):
        """An RPC call whose effects stay (rpc_as rolls them back)."""
        self.login(role)
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": {}})

    def test_switching_a_shipped_role_applies_at_once(self):
        """Supervisors without role lines (everyone before roles) and holders of the role
        lose the key-people export the moment it is switched off, and get it back."""
        for role in ("supervisor", "holder_supervisor"):
            self.assertEqual(self.fetch(role, KEY_PEOPLE_URL), 200, role)
        self.rpc_as_commit("manager", "res.users.role", "write",
                           [self.shipped["supervisor"].ids, {"sales_panel_section_key_people": "off"}])
        for role, user in (("supervisor", self.sup_a), ("holder_supervisor", self.holders["supervisor"])):
            self.assertFalse(user.has_group("crm_sales_base.group_section_key_people"), role)
            self.assertEqual(self.export_action(role), "-", role)
            self.assertEqual(self.fetch(role, KEY_PEOPLE_URL), 404, role)
            self.assertEqual(self.menus_of(user, KEY_PEOPLE_MENU), {KEY_PEOPLE_MENU: False}, role)
        # Managers are supervisors too: they lose it with them, unless their role opens it.
        self.assertEqual(self.fetch("manager", KEY_PEOPLE_URL), 404)
        self.rpc_as_commit("manager", "res.users.role", "write",
                           [self.shipped["manager"].ids, {"sales_panel_section_key_people": "on"}])
        self.assertEqual(self.fetch("manager", KEY_PEOPLE_URL), 200)
        self.rpc_as_commit("manager", "res.users.role", "write",
                           [self.shipped["supervisor"].ids, {"sales_panel_section_key_people": "on"}])
        for role in ("supervisor", "holder_supervisor"):
            self.assertEqual(self.fetch(role, KEY_PEOPLE_URL), 200, role)
        # Other sections of the supervisors did not move.
        self.assertTrue(self.sup_a.has_group("crm_sales_base.group_section_contacts_team"))
        self.assertTrue(self.sup_a.has_group("crm_sales_base.group_agent"))

    def test_a_section_inherited_from_another_role_is_changed_there(self):
        english = self.env(context=dict(self.env.context, lang="en_US"))
        with self.assertRaisesRegex(UserError, "Supervisor takes Call journal from Agent"):
            self.shipped["supervisor"].with_env(english).sales_panel_section_call_journal = "off"
        with self.assertRaisesRegex(UserError, "No contacts cannot have Contacts off"):
            english["res.users.role"].create({"name": "No contacts", "sales_panel_section_key_people": "on"})

    # Levels, several roles, dates -----------------------------------------------------------

    def test_contacts_at_each_level(self):
        Partner = self.env["res.partner"].with_user(self.caller)
        own = self.env["res.partner"].create({"name": "Caller's own", "user_id": self.caller.id})
        customers = own | self.customer_a1 | self.customer_b1 | self.unassigned
        expected = {
            "own": own | self.unassigned,
            "team": own | self.unassigned | self.customer_b1,  # B1 is in team B, which the caller leads
            "all": customers,
        }
        for level, seen in expected.items():
            self.role.sales_panel_section_contacts = level
            self.assertEqual(Partner.search([("id", "in", customers.ids)]), seen, level)

    def test_two_roles_give_the_union(self):
        exporter = self.make_role("Exporter", key_people="on", contacts="all")
        both = self.role_user("t_both", self.role, exporter)
        self.assertTrue(both.has_group("crm_sales_base.group_section_key_people"))
        self.assertTrue(both.has_group("crm_sales_base.group_section_contacts_all"))
        self.assertEqual(levels(self.role)["key_people"], "off")
        self.role_users = dict(self.role_users, both=both)
        self.assertEqual(self.fetch("both", KEY_PEOPLE_URL), 200)

    def test_a_role_stops_after_its_end_date(self):
        exporter = self.make_role("Exporter until yesterday", key_people="on", contacts="own")
        today = datetime.date.today()
        user = self.role_user("t_ended", self.role)
        user.write({"role_line_ids": [Command.create({
            "role_id": exporter.id, "date_to": today + datetime.timedelta(days=1)})]})
        self.assertTrue(user.has_group("crm_sales_base.group_section_key_people"))
        user.role_line_ids.filtered(lambda line: line.role_id == exporter).date_to = today - datetime.timedelta(days=1)
        self.env["res.users.role"].cron_update_users()  # base_user_role's cron
        self.assertFalse(user.has_group("crm_sales_base.group_section_key_people"))
        self.assertTrue(user.has_group("crm_sales_base.group_section_contacts"))  # the other role stays
        self.role_users = dict(self.role_users, ended=user)
        self.assertEqual(self.fetch("ended", KEY_PEOPLE_URL), 404)

    # What managers may do ---------------------------------------------------------------------

    def test_managers_keep_roles_of_the_suite_only(self):
        system = self.env.ref("base.group_system")
        erp = self.env.ref("base.group_erp_manager")
        grantable = self.env["res.users.role"]._sales_panel_grantable_groups()
        self.assertFalse((system | erp) & grantable)
        admin_role = self.env["res.users.role"].create({"name": "IT", "implied_ids": [Command.link(system.id)]})
        agent_role = self.shipped["agent"]
        # Someone holding the Agent role through a line, and an accountant-like user whose
        # access is not the Sales Panel's.
        line = self.env["res.users.role.line"].create({"role_id": agent_role.id, "user_id": self.agent_b1.id})
        clerk = self.env["res.users"].create({
            "name": "Clerk", "login": "clerk_roles", "password": "clerk_roles",
            "groups_id": [Command.link(self.env.ref("base.group_user").id),
                          Command.link(self.env["res.groups"].create({"name": "Warehouse"}).id)]})
        refused = {
            "a line moved to an administrators' role": ("write", [agent_role.ids, {
                "line_ids": [Command.update(line.id, {"role_id": admin_role.id})]}]),
            "a line created on another role": ("write", [agent_role.ids, {
                "line_ids": [Command.create({"user_id": clerk.id, "role_id": admin_role.id})]}]),
            "a role given to someone with other access": ("write", [agent_role.ids, {
                "line_ids": [Command.create({"user_id": clerk.id})]}]),
            "someone's last role taken": ("write", [agent_role.ids, {"line_ids": [Command.delete(line.id)]}]),
            "implied groups": ("write", [agent_role.ids, {"implied_ids": [Command.link(system.id)]}]),
            "role's group users": ("write", [agent_role.ids, {"users": [Command.link(self.manager.id)]}]),
            "new role implying Settings": ("create", [{"name": "X", "implied_ids": [Command.link(system.id)]}]),
            "an administrators' role": ("write", [admin_role.ids, {"name": "IT staff"}]),
            "an administrators' role given": ("write", [admin_role.ids, {
                "line_ids": [Command.create({"user_id": self.manager.id})]}]),
            "a role given to an administrator": ("write", [agent_role.ids, {
                "line_ids": [Command.create({"user_id": self.env.ref("base.user_admin").id})]}]),
            "a shipped role deleted": ("unlink", [agent_role.ids]),
        }
        got = {label: self.outcome("manager", "res.users.role", method, args)
               for label, (method, args) in refused.items()}
        self.assertEqual(got, dict.fromkeys(refused, "-"))
        self.assertEqual(self.outcome("manager", "res.users.role.line", "create", [{
            "role_id": admin_role.id, "user_id": self.manager.id}]), "-")
        self.assertEqual(self.outcome("manager", "res.groups", "write", [
            self.env.ref("crm_sales_base.group_agent").ids, {"implied_ids": [Command.link(system.id)]}]), "-")
        # What they may do: a new role, its sections, its people, its end.
        new_id = self.rpc_as_commit("manager", "res.users.role", "create", [{
            "name": "Night shift", "sales_panel_section_calls": "own", "sales_panel_section_contacts": "own",
            "line_ids": [Command.create({"user_id": self.agent_b1.id})]}])
        new = self.env["res.users.role"].browse(new_id)
        self.assertEqual(levels(new)["calls"], "own")
        self.assertEqual(new.group_id.trans_implied_ids & (system | erp), self.env["res.groups"])
        self.assertFalse(self.agent_b1.has_group("base.group_system"))
        self.assertTrue(self.agent_b1.has_group("crm_sales_base.group_section_calls"))
        self.rpc_as_commit("manager", "res.users.role", "unlink", [[new_id]])
        self.assertFalse(new.exists())
        self.assertEqual(self.outcome("agent", "res.users.role", "write", [
            self.role.ids, {"sales_panel_section_key_people": "on"}]), "-")
        with self.assertRaises(AccessError):
            self.env["res.users.role"].with_user(self.sup_a).create({"name": "Mine"})

    def test_managers_open_the_roles_screen(self):
        """The screen's action, views and rows, as the web client loads them for a Sales
        Panel manager (not an administrator); refused to a supervisor."""
        action = self.env.ref("crm_sales_base.action_sales_panel_roles")
        self.login("manager")
        loaded = self.make_jsonrpc_request("/web/action/load", {"action_id": action.id})
        self.assertEqual(loaded["res_model"], "res.users.role")
        specification = {f"sales_panel_section_{code}": {} for code in SECTIONS}
        specification.update(name={}, sales_panel_user_count={})
        rows = self.rpc_as("manager", "res.users.role", "web_search_read", [], {
            "domain": [("id", "in", [role.id for role in self.shipped.values()])],
            "specification": specification})["records"]
        self.assertEqual({row["id"]: row["sales_panel_section_calls"] for row in rows},
                         {role.id: SHIPPED[name]["calls"] for name, role in self.shipped.items()})
        views = self.rpc_as("manager", "res.users.role", "get_views", [], {"views": [
            [self.env.ref("crm_sales_base.res_users_role_view_list_sales_panel").id, "list"],
            [self.env.ref("crm_sales_base.res_users_role_view_form_sales_panel").id, "form"]]})
        self.assertIn("sales_panel_section_contacts", views["models"]["res.users.role"]["fields"])
        self.assertEqual(self.outcome("supervisor", "res.users.role", "write", [
            self.role.ids, {"sales_panel_section_key_people": "on"}]), "-")
        self.assertFalse(self.menus_of(self.sup_a, ROLES_MENU)[ROLES_MENU])

    # The manager's powers go with the sections ----------------------------------------------

    def test_contacts_at_all_keep_their_lists(self):
        """Cooperation types and everyone's personality notes are the contacts section at
        "all" (#18): a custom role at that level keeps them, the Manager role with the
        contacts of its teams no longer."""
        keeper = self.manager_role_without("key_people", "t_keeper")
        self.role_users = dict(self.role_users, keeper=keeper)
        new_type = {"name": "Cooperation of a test of #18"}
        self.assertEqual(self.outcome("keeper", "crm.cooperation.type", "create", [new_type]), "+")
        self.rpc_as_commit("manager", "res.users.role", "write",
                           [self.shipped["manager"].ids, {"sales_panel_section_contacts": "team"}])
        self.assertEqual(self.outcome("manager", "crm.cooperation.type", "create", [new_type]), "-")
        self.assertEqual(self.outcome("keeper", "crm.cooperation.type", "create", [new_type]), "+")

    def test_leads_of_my_teams_are_the_quotations_section(self):
        """A supervisor sees the leads of their teams with the quotations at "my teams",
        not as a supervisor: their role at "own" shows their own only."""
        Lead = self.env["crm.lead"].with_user(self.sup_a)
        leads = self.lead_a1 | self.lead_a2 | self.lead_b1
        self.assertEqual(Lead.search([("id", "in", leads.ids)]), self.lead_a1 | self.lead_a2)
        self.shipped["supervisor"].sales_panel_section_quotations = "own"
        self.assertFalse(Lead.search([("id", "in", leads.ids)]))
        self.role.sales_panel_section_quotations = "team"  # the caller leads team B
        self.assertEqual(self.env["crm.lead"].with_user(self.caller).search([("id", "in", leads.ids)]), self.lead_b1)
