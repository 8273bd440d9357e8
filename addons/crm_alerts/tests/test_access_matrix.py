from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.access_matrix import REFUSED, AccessMatrixCase

# Columns of each group: agent A1's record, agent B1's (other team), the second company's.
# Alert rules (a1: the first company's, co2: the second's): read by every employee (the top
# bar shows them), kept by managers.
RULE = {
    #              read write create unlink
    "agent":      "+.-  -.-   -.-    -.-",
    "marketer":   "+.-  -.-   -.-    -.-",
    "supervisor": "+.-  -.-   -.-    -.-",
    "manager":    "+.-  +.-   +.-    +.-",
    "salesman":   "+.-  -.-   -.-    -.-",
    "portal":     "-.-  -.-   -.-    -.-",
}
# What rules said to agents: the agent's own, their supervisor's, managers'; written by the
# rules' evaluation only.
RESULT = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ++-   ---    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Targets: set by managers, read by whom they are for and their supervisor.
TARGET = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Manager report forms and their lines (a1: opened by supervisor A, b1: by the manager):
# supervisors and managers, each their own forms only.
REPORT = {
    "agent":      "--.  --.   -..    --.",
    "marketer":   "--.  --.   -..    --.",
    "supervisor": "+-.  +-.   +..    +-.",
    "manager":    "-+.  -+.   +..    -+.",
    "salesman":   "--.  --.   -..    --.",
    "portal":     "--.  --.   -..    --.",
}
REPORT_LINE = {
    "agent":      "--.  --.   --.    --.",
    "marketer":   "--.  --.   --.    --.",
    "supervisor": "+-.  +-.   +-.    +-.",
    "manager":    "-+.  -+.   -+.    -+.",
    "salesman":   "--.  --.   --.    --.",
    "portal":     "--.  --.   --.    --.",
}
PUBLIC_METHODS = {
    ("crm.alert.report", "action_show"): REFUSED,
    ("crm.alert.report", "action_download_xlsx"): REFUSED,
    ("ir.http", "session_info"): "the web client's own session; adds the caller's own home action",
    ("res.users", "sales_panel_alerts"): {
        "agent": "the caller's own alerts, checked for the caller only", "portal": REFUSED},
    ("res.users", "sales_panel_home"): {"agent": "the caller's own figures", "portal": REFUSED},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["crm.alert.rule"]
        values = {"name": "Few calls", "metric": "calls", "threshold": 5, "message": "{name}: {value}"}
        cls.rules = {"a1": Rule.create(values),
                     "co2": Rule.create(dict(values, company_id=cls.company_2.id))}
        Result = cls.env["crm.alert.result"]
        cls.results = {
            column: Result.create({"rule_id": rule.id, "user_id": user.id, "company_id": user.company_id.id,
                                   "date": "2026-11-21", "is_on": True})
            for column, rule, user in (("a1", cls.rules["a1"], cls.agent_a1), ("b1", cls.rules["a1"], cls.agent_b1),
                                       ("co2", cls.rules["co2"], cls.agent_c2))
        }
        Target = cls.env["crm.sales.target"]
        cls.targets = {
            column: Target.create({"user_id": user.id, "company_id": user.company_id.id, "weekly_count": 5})
            for column, user in (("a1", cls.agent_a1), ("b1", cls.agent_b1), ("co2", cls.agent_c2))
        }
        Report = cls.env["crm.alert.report"]
        cls.reports = {"a1": Report.with_user(cls.sup_a).create({}),
                       "b1": Report.with_user(cls.manager).create({})}
        Line = cls.env["crm.alert.report.line"]
        cls.lines = {column: Line.with_user(report.create_uid).create({"report_id": report.id, "name": "x"})
                     for column, report in cls.reports.items()}

    def test_rules_results_targets(self):
        create_rule = {"name": "New", "metric": "calls", "message": "{name}"}
        self.assert_model_matrix(
            "crm.alert.rule", RULE, self.rules, read_fields=["name", "message"], write_vals={"threshold": 2},
            create_vals={"a1": create_rule, "co2": dict(create_rule, company_id=self.company_2.id)})
        self.assert_model_matrix(
            "crm.alert.result", RESULT, self.results, read_fields=["value", "message"],
            write_vals={"is_on": False},
            create_vals={column: {"rule_id": result.rule_id.id, "user_id": result.user_id.id,
                                  "company_id": result.company_id.id, "date": "2026-11-22"}
                         for column, result in self.results.items()})
        self.assert_model_matrix(
            "crm.sales.target", TARGET, self.targets, read_fields=["weekly_count", "display_name"],
            write_vals={"weekly_count": 50},
            create_vals={column: {"user_id": target.user_id.id, "company_id": target.company_id.id,
                                  "date_start": "2026-01-01", "weekly_count": 1}
                         for column, target in self.targets.items()})

    def test_reports(self):
        self.assert_model_matrix(
            "crm.alert.report", REPORT, self.reports, read_fields=["date_from", "line_ids"],
            write_vals={"group_by": "team"}, create_vals={"a1": {"group_by": "agent"}})
        self.assert_model_matrix(
            "crm.alert.report.line", REPORT_LINE, self.lines, read_fields=["name", "calls"],
            write_vals={"calls": 100},
            create_vals={column: {"report_id": report.id, "name": "y"} for column, report in self.reports.items()})

    def test_routes(self):
        route, url = "/crm_alerts/report/<int:report_id>/xlsx", "/crm_alerts/report/%s/xlsx"
        others = {"agent": 403, "marketer": 403, "salesman": 403, "portal": 403, "public": 303}
        self.assert_route_matrix("crm_alerts", [
            (route, "supervisor A's report", url % self.reports["a1"].id, dict(others, supervisor=200, manager=403)),
            (route, "the manager's report", url % self.reports["b1"].id, dict(others, supervisor=403, manager=200)),
        ])

    def test_public_methods(self):
        def side_effects():
            return {
                "others' alerts": self.env["crm.alert.result"].sudo().search_read(
                    [("user_id", "not in", (self.agent_a1 | self.portal).ids)], ["is_on", "value"]),
                "report lines": self.env["crm.alert.report.line"].sudo().search_count([]),
            }

        self.assert_public_methods("crm_alerts", PUBLIC_METHODS, {
            "crm.alert.report": [self.reports["b1"]],
            "ir.http": [self.env["ir.http"]],
        }, side_effects)
