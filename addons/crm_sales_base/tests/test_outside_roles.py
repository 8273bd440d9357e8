from odoo.tests import HttpCase, tagged

from .common import RpcMixin, SalesPanelCase, outside_user

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestPeopleOutsideTheRoles(RpcMixin, SalesPanelCase, HttpCase):
    """Users without a Sales Panel role (a plain "Sales / User: Own Documents Only", an
    internal user, an accountant) open contacts, leads and quotations through the web
    client's calls: no error, and nothing of the suite that is not theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = outside_user(cls.env, "salesman", "sb", groups="base.group_partner_manager")
        cls.employee = outside_user(cls.env, "employee", "sb")
        cls.accountant = outside_user(cls.env, "accountant", "sb")
        # A note written by A1's agent on A1's customer, one by a manager on a contact nobody owns.
        cls.customer_a1.with_user(cls.agent_a1).personality_note = "Speaks slowly"
        cls.unassigned.with_user(cls.manager).personality_note = "Only mornings"
        cls.own_lead = cls.env["crm.lead"].create({"name": "Plain lead", "user_id": cls.salesman.id,
                                                   "partner_id": cls.customer_a1.id})
        # No quotation template: accountants have no right on templates in stock Odoo.
        cls.own_order = cls.env["sale.order"].create({"partner_id": cls.customer_a1.id,
                                                      "user_id": cls.salesman.id,
                                                      "sale_order_template_id": False})

    def test_contact_screens(self):
        for user in (self.salesman, self.employee, self.accountant):
            self.authenticate(user.login, user.login)
            for contact in (self.customer_a1, self.unassigned, self.company_a1):
                values = self.open_form(contact)
                self.assertEqual(values["name"], contact.name, user.login)
                self.assertFalse(values.get("personality_note"), f"{user.login} reads no note")
            self.assertIn("name", self.new_form("res.partner"))
        # Editing a contact saves it, with its note untouched.
        self.authenticate(self.salesman.login, self.salesman.login)
        spec = self.form_spec("res.partner")
        saved = self.rpc("res.partner", "web_save", self.customer_a1.ids, {"function": "Buyer"},
                         specification=spec)
        self.assertEqual(saved[0]["function"], "Buyer")
        self.assertEqual(self.customer_a1.personality_note, "Speaks slowly")
        # Writing a note needs a Sales Panel role: refused, not a server error.
        self.assertEqual(self.rpc_error("res.partner", "web_save", self.customer_a1.ids,
                                        {"personality_note": "x"}, specification={}), ACCESS_ERROR)

    def test_lead_and_quotation_screens(self):
        self.authenticate(self.salesman.login, self.salesman.login)
        self.assertEqual(self.open_form(self.own_lead)["name"], "Plain lead")
        self.new_form("crm.lead")
        self.assertEqual(self.open_form(self.own_order)["name"], self.own_order.name)
        self.assertNotIn("followup_ids", self.form_spec("sale.order"), "follow-ups are the roles' records")
        self.new_form("sale.order")
        self.authenticate(self.accountant.login, self.accountant.login)
        spec = self.form_spec("sale.order")
        # Stock Odoo 18 itself fails there: sale_management computes this flag from quotation
        # templates, which accountants may not read.
        spec.pop("is_pdf_quote_builder_available")
        self.assertNotIn("followup_ids", spec)
        self.assertEqual(self.rpc("sale.order", "web_read", self.own_order.ids, specification=spec)[0]["name"],
                         self.own_order.name)

    def test_a_note_the_writer_cannot_see_is_refused_cleanly(self):
        """B1 may edit the unassigned contact but not read its note (a manager's): saving a
        note there is refused with an access error, not the unique constraint's failure."""
        self.authenticate(self.agent_b1.login, self.agent_b1.login)
        self.assertFalse(self.open_form(self.unassigned).get("personality_note"))
        self.assertEqual(self.rpc_error("res.partner", "web_save", self.unassigned.ids,
                                        {"personality_note": "Call after 10"}, specification={}),
                         ACCESS_ERROR)
        self.assertEqual(self.rpc_error("res.partner.personality", "web_save", [],
                                        {"partner_id": self.unassigned.id, "note": "Call after 10"},
                                        specification={}), ACCESS_ERROR)
        self.assertEqual(self.unassigned.personality_note, "Only mornings")
        # A1 sees the note of its own customer: a second one is refused, the first is edited.
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        self.assertEqual(self.rpc_error("res.partner.personality", "web_save", [],
                                        {"partner_id": self.customer_a1.id, "note": "Twice"},
                                        specification={}), "odoo.exceptions.UserError")
        self.rpc("res.partner", "web_save", self.customer_a1.ids, {"personality_note": "Speaks fast"},
                 specification={})
        self.assertEqual(self.customer_a1.personality_note, "Speaks fast")
        # A note does not move to a contact of another book.
        note = self.env["res.partner.personality"].search([("partner_id", "=", self.customer_a1.id)])
        self.assertEqual(self.rpc_error("res.partner.personality", "write", note.ids,
                                        {"partner_id": self.customer_a2.id}), "odoo.exceptions.UserError")
        self.assertEqual(note.partner_id, self.customer_a1)


@tagged("post_install", "-at_install")
class TestPublicMethods(RpcMixin, SalesPanelCase, HttpCase):
    """The buttons' methods of crm_sales_base check who calls them, whatever the screen shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = outside_user(cls.env, "portal", "sb_pm")
        cls.salesman = outside_user(cls.env, "salesman", "sb_pm")

    def test_personality_note_form(self):
        for user, contact in ((self.portal, self.portal.partner_id), (self.salesman, self.customer_a1),
                              (self.agent_a1, self.customer_a2)):
            self.authenticate(user.login, user.login)
            self.assertEqual(self.rpc_error("res.partner", "action_edit_personality_note", contact.ids),
                             ACCESS_ERROR, user.login)
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        action = self.rpc("res.partner", "action_edit_personality_note", self.customer_a1.ids)
        self.assertEqual((action["res_model"], action["context"]["default_partner_id"]),
                         ("res.partner.personality", self.customer_a1.id))

    def test_key_people_file_for_supervisors_only(self):
        for user in (self.portal, self.salesman, self.agent_a1):
            self.authenticate(user.login, user.login)
            response = self.url_open("/sales_panel/key_people.xlsx")
            self.assertNotEqual(response.status_code, 200, user.login)
        self.authenticate(self.sup_a.login, self.sup_a.login)
        self.assertEqual(self.url_open("/sales_panel/key_people.xlsx").status_code, 200)
