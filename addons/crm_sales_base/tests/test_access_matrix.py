from odoo.tests import tagged

from .access_matrix import REFUSED, AccessMatrixCase

# Columns of each group: agent A1's record, agent B1's (other team), the second company's.
# Contacts are archived, not deleted (stock rights: nobody of the sales side deletes them).
# A plain salesperson keeps stock Odoo's contacts (every contact of the company): the
# narrowing is the Sales Panel roles' (README, "Who sees what").
PARTNER = {
    #              read write create unlink
    "agent":      "+--  +--   +--    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  +--   +--    ---",
    "manager":    "++-  ++-   ++-    ---",
    "salesman":   "++-  ++-   ++-    ---",
    "portal":     "---  ---   ---    ---",
}
LEAD = {
    "agent":      "+--  +--   +--    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  +--   +--    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
ORDER = LEAD
# One shared list: read by every employee, kept by managers.
COOPERATION_TYPE = {
    "agent":      "+..  -..   -..    -..",
    "marketer":   "+..  -..   -..    -..",
    "supervisor": "+..  -..   -..    -..",
    "manager":    "+..  +..   +..    +..",
    "salesman":   "+..  -..   -..    -..",
    "portal":     "-..  -..   -..    -..",
}
# The contact's agent, that agent's supervisor, managers (F27); never another company's.
PERSONALITY = {
    "agent":      "+--  +--   +--    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  +--   +--    ---",
    "manager":    "++-  ++-   ++-    ++-",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# The company's Sales Panel rules (a1: the first company's, co2: the second's): managers
# read and change their own company's; nobody creates or deletes them (one per company).
RULES = {
    "agent":      "-.-  -.-   -.-    -.-",
    "marketer":   "-.-  -.-   -.-    -.-",
    "supervisor": "-.-  -.-   -.-    -.-",
    "manager":    "+.-  +.-   -.-    -.-",
    "salesman":   "-.-  -.-   -.-    -.-",
    "portal":     "-.-  -.-   -.-    -.-",
}
# Long jobs (issue 22): the starter sees theirs, managers those of their company; the jobs
# write their figures themselves (as superuser), nobody through the ORM.
PROGRESS = {
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "---  ---   ---    ---",
    "manager":    "++-  ---   ---    ---",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
PUBLIC_METHODS = {
    ("res.partner", "action_edit_personality_note"): REFUSED,
    ("sales.panel.progress", "action_stop"): REFUSED,
    ("sales.panel.progress", "sales_panel_progress_of"): {
        "portal": REFUSED, "agent": "the caller's own jobs only (record rules)", "args": ["res.partner", 1]},
    ("ir.http", "session_info"): ("the web client's own session; adds the caller's own date calendar and how "
                                  "its company shows amounts and phone numbers"),
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Note = cls.env["res.partner.personality"]
        cls.note_a1, cls.note_b1, cls.note_c2 = (
            Note.create({"partner_id": partner.id, "note": "Likes numbers"})
            for partner in (cls.customer_a1, cls.customer_b1, cls.customer_c2))
        cls.type_customer = cls.env["crm.cooperation.type"].create({"name": "Matrix type"})
        Progress = cls.env["sales.panel.progress"]
        cls.progress = {
            column: Progress.create({
                "name": "Export", "user_id": user.id, "company_id": user.company_id.id, "state": "running",
                "stoppable": True, "file": b"ZXhwb3J0", "file_name": "export.txt", "has_file": True})
            for column, user in (("a1", cls.agent_a1), ("b1", cls.agent_b1), ("co2", cls.agent_c2))}

    def test_contacts(self):
        self.assert_model_matrix(
            "res.partner", PARTNER,
            {"a1": self.customer_a1, "b1": self.customer_b1, "co2": self.customer_c2},
            read_fields=["display_name", "tier", "personality_note"], write_vals={"comment": "x"},
            create_vals={
                "a1": {"name": "New", "user_id": self.agent_a1.id},
                "b1": {"name": "New", "user_id": self.agent_b1.id},
                "co2": {"name": "New", "user_id": self.agent_c2.id, "company_id": self.company_2.id},
            })

    def test_leads(self):
        self.assert_model_matrix(
            "crm.lead", LEAD, {"a1": self.lead_a1, "b1": self.lead_b1, "co2": self.lead_c2},
            read_fields=["display_name", "temperature"], write_vals={"temperature": "hot"},
            create_vals={
                "a1": {"name": "New", "user_id": self.agent_a1.id, "team_id": self.team_a.id},
                "b1": {"name": "New", "user_id": self.agent_b1.id, "team_id": self.team_b.id},
                "co2": {"name": "New", "user_id": self.agent_c2.id, "company_id": self.company_2.id},
            })

    def test_quotations(self):
        self.assert_model_matrix(
            "sale.order", ORDER, {"a1": self.order_a1, "b1": self.order_b1, "co2": self.order_c2},
            write_vals={"client_order_ref": "x"},
            create_vals={
                "a1": {"partner_id": self.customer_a1.id, "user_id": self.agent_a1.id, "team_id": self.team_a.id},
                "b1": {"partner_id": self.customer_b1.id, "user_id": self.agent_b1.id, "team_id": self.team_b.id},
                "co2": {"partner_id": self.customer_c2.id, "user_id": self.agent_c2.id,
                        "company_id": self.company_2.id},
            })

    def test_cooperation_types(self):
        self.assert_model_matrix(
            "crm.cooperation.type", COOPERATION_TYPE, {"a1": self.type_customer},
            write_vals={"sequence": 3}, create_vals={"a1": {"name": "Another type"}})

    def test_personality_notes(self):
        self.assert_model_matrix(
            "res.partner.personality", PERSONALITY,
            {"a1": self.note_a1, "b1": self.note_b1, "co2": self.note_c2},
            read_fields=["note"], write_vals={"note": "x"},
            create_vals={
                "a1": {"partner_id": self.company_a1.id, "note": "x"},
                "b1": {"partner_id": self.company_b1.id, "note": "x"},
                "co2": {"partner_id": self.env["res.partner"].create({
                    "name": "Other", "company_id": self.company_2.id, "user_id": self.agent_c2.id}).id,
                    "note": "x"},
            })

    def test_rules(self):
        Rules = self.env["sales.panel.rules"]
        self.assert_model_matrix(
            "sales.panel.rules", RULES,
            {"a1": Rules._sales_panel_for(self.env.company), "co2": Rules._sales_panel_for(self.company_2)},
            read_fields=["sales_panel_tier_days"], write_vals={"sales_panel_tier_days": 100},
            create_vals={"a1": {"company_id": self.env.company.id}, "co2": {"company_id": self.company_2.id}})

    def test_progress(self):
        self.assert_model_matrix(
            "sales.panel.progress", PROGRESS, self.progress, read_fields=["name", "done", "message"],
            write_vals={"done": 3},
            create_vals={column: {"name": "x", "user_id": record.user_id.id, "company_id": record.company_id.id}
                         for column, record in self.progress.items()})
        self.assert_secrets_hidden(self.progress["a1"], ["file"])

    def test_routes(self):
        file_url = "/sales_panel/progress/%s/file"
        self.assert_route_matrix("crm_sales_base", [
            ("/sales_panel/progress/<int:progress_id>/file", "A1's export", file_url % self.progress["a1"].id, {
                "agent": 200, "marketer": 404, "supervisor": 404, "manager": 404,
                "salesman": 404, "portal": 404, "public": 303}),
            ("/sales_panel/key_people.xlsx", "key people export", "/sales_panel/key_people.xlsx", {
                "agent": 404, "marketer": 404, "supervisor": 200, "manager": 200,
                "salesman": 404, "portal": 404, "public": 303}),
            # phonenumbers' public metadata, for every web client's phone widget.
            ("/sales_panel/phone_rules/<int:calling_code>", "phone rules", "/sales_panel/phone_rules/44", {
                "agent": 200, "marketer": 200, "supervisor": 200, "manager": 200,
                "salesman": 200, "portal": 200, "public": 303}),
        ])

    def test_public_methods(self):
        def side_effects():
            return {"notes": self.env["res.partner.personality"].sudo().search_read([], ["partner_id", "note"]),
                    "jobs": self.env["sales.panel.progress"].sudo().search_read([], ["state", "stop_requested"])}

        self.assert_public_methods(
            "crm_sales_base", PUBLIC_METHODS,
            {"res.partner": [self.customer_b1, self.customer_c2],
             "sales.panel.progress": [self.progress["b1"], self.progress["co2"]],
             "ir.http": [self.env["ir.http"]]}, side_effects)
