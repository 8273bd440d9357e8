from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import REFUSED, AccessMatrixCase

# Columns: agent A1's record (team A), agent B1's (team B), the second company's.
# Numbers: agents read the ones they hold, supervisors their teams', managers all; only
# managers write, import and delete them (agents act through the checked methods below).
NUMBERS = {
    #              read write create unlink
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Lists: read by the members and the leader of their team, kept by managers.
LISTS = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "+--  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Calls of numbers: the agent's own, the supervisor's team's, all for managers; written by
# the outcome and the PBX only.
ATTEMPTS = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ++-   ---    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Outcomes (a1: shared by the companies, co2: the second company's): read by the roles, kept by managers.
OUTCOMES = {
    "agent":      "+.-  -.-   -.-    -.-",
    "marketer":   "+.-  -.-   -.-    -.-",
    "supervisor": "+.-  -.-   -.-    -.-",
    "manager":    "+.-  +.-   +.-    +.-",
    "salesman":   "-.-  -.-   -.-    -.-",
    "portal":     "-.-  -.-   -.-    -.-",
}
AGENT_ONLY = "takes a free number of the lists of the agent's own teams, for the agent"
PUBLIC_METHODS = {
    ("crm.call.list", "action_import_numbers"): REFUSED,
    ("crm.call.list", "action_open_numbers"): REFUSED,
    ("crm.call.list.number", "load"): {"portal": REFUSED, "agent": REFUSED,
                                       "args": [["number_raw"], [["09121112233"]]]},
    ("crm.call.list.number", "action_next_call"): {"portal": REFUSED, "agent": AGENT_ONLY},
    ("crm.call.list.number", "action_set_outcome"): REFUSED,
    ("crm.call.list.number", "action_release"): REFUSED,
    ("crm.call.list.number", "action_bulk"): REFUSED,
    ("crm.call.list.stats", "action_refresh"): REFUSED,
    ("crm.call.list.stats.line", "action_open_month"): REFUSED,
    ("crm.call.list.outcome.wizard", "action_confirm"): REFUSED,
    ("crm.call.list.bulk", "action_apply"): REFUSED,
    ("base_import.import", "execute_import"): {"portal": REFUSED, "agent": REFUSED, "args": [
        ["number_raw"], ["Phone"], {"quoting": '"', "separator": ",", "has_headers": True}]},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        List = cls.env["crm.call.list"]
        cls.lists = {
            "a1": List.create({"name": "A", "team_id": cls.team_a.id}),
            "b1": List.create({"name": "B", "team_id": cls.team_b.id}),
            "co2": List.with_company(cls.company_2).create({"name": "C2", "company_id": cls.company_2.id}),
        }
        cls.company_2.sales_panel_phone_country_id = cls.env.ref("base.ir")
        Number = cls.env["crm.call.list.number"]
        cls.numbers = {
            column: Number.create({"list_id": cls.lists[column].id, "number_raw": f"091200000{i}",
                                   "user_id": user.id})
            for i, (column, user) in enumerate((("a1", cls.agent_a1), ("b1", cls.agent_b1), ("co2", cls.agent_c2)))
        }
        Attempt = cls.env["crm.call.list.attempt"]
        cls.attempts = {column: Attempt.create({"number_id": number.id, "user_id": number.user_id.id,
                                                "team_id": number.team_id.id})
                        for column, number in cls.numbers.items()}
        cls.outcomes = {"a1": cls.env.ref("crm_call_list.outcome_no_answer"),
                        "co2": cls.env["crm.call.list.outcome"].create({"name": "C2", "company_id": cls.company_2.id})}

    def test_models(self):
        self.assert_model_matrix(
            "crm.call.list.number", NUMBERS, self.numbers, read_fields=["number_raw", "state"],
            write_vals={"note": "x"},
            create_vals={column: {"list_id": call_list.id, "number_raw": "09129999999"}
                         for column, call_list in self.lists.items()})
        self.assert_model_matrix(
            "crm.call.list", LISTS, self.lists, read_fields=["name", "open_count"], write_vals={"name": "x"},
            create_vals={"a1": {"name": "n", "team_id": self.team_a.id},
                         "b1": {"name": "n", "team_id": self.team_b.id},
                         "co2": {"name": "n", "company_id": self.company_2.id}})
        self.assert_model_matrix(
            "crm.call.list.attempt", ATTEMPTS, self.attempts, read_fields=["outcome_id", "talk_seconds"],
            write_vals={"note": "x"},
            create_vals={column: {"number_id": number.id, "user_id": number.user_id.id}
                         for column, number in self.numbers.items()})
        self.assert_model_matrix(
            "crm.call.list.outcome", OUTCOMES, self.outcomes, read_fields=["name"], write_vals={"sequence": 3},
            create_vals={"a1": {"name": "n"}, "co2": {"name": "n", "company_id": self.company_2.id}})

    def test_agent_cannot_act_on_numbers_of_others(self):
        """The same through the methods' own doors, for each role allowed to see them."""
        self.login("agent")
        number = self.numbers["a1"]
        action = self.rpc_as("agent", "crm.call.list.number", "action_set_outcome", [number.ids])
        self.assertEqual(action["res_model"], "crm.call.list.outcome.wizard")
        self.login("supervisor")
        self.assertEqual(self.outcome("supervisor", "crm.call.list.number", "action_release", [number.ids]), "-")
        self.assertEqual(self.outcome("supervisor", "crm.call.list.number", "action_bulk", [number.ids]), "-")
        self.assertEqual(self.outcome("manager", "crm.call.list.number", "action_bulk", [number.ids]), "+")

    def test_public_methods(self):
        manager = self.env["crm.call.list.stats"].with_user(self.manager)
        stats = manager.create({})
        wizard_env = self.env["crm.call.list.outcome.wizard"].with_user(self.agent_b1)
        wizard = wizard_env.create({"number_id": self.numbers["b1"].id,
                                    "outcome_id": self.outcomes["a1"].id})
        bulk = self.env["crm.call.list.bulk"].with_user(self.manager).create({
            "number_ids": [Command.set(self.numbers["a1"].ids)], "action": "release"})
        importer = self.env["base_import.import"].with_user(self.manager).create({
            "res_model": "crm.call.list.number", "file": b"Phone\n09121112233\n", "file_type": "text/csv"})

        def side_effects():
            Number = self.env["crm.call.list.number"].sudo()
            return {
                "numbers": Number.search_read([], ["user_id", "state", "outcome_id", "category_id"]),
                "attempts": self.env["crm.call.list.attempt"].sudo().search_count([]),
                "lists": self.env["crm.call.list"].sudo().search_count([]),
            }

        def side_effects_but_taking(*args):
            values = side_effects()
            # "next call" hands the agent a number: that is its effect.
            values["numbers"] = [dict(row, user_id=False) for row in values["numbers"]]
            return values

        self.assert_public_methods("crm_call_list", PUBLIC_METHODS, {
            "crm.call.list": [self.lists["b1"], self.lists["co2"]],
            "crm.call.list.number": [self.numbers["b1"], self.numbers["co2"]],
            "crm.call.list.stats": [stats],
            "crm.call.list.stats.line": [stats.line_ids[:1]],
            "crm.call.list.outcome.wizard": [wizard],
            "crm.call.list.bulk": [bulk],
            "base_import.import": [importer],
        }, side_effects_but_taking)
