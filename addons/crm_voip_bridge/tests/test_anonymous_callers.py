import datetime

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_sales_base.tests.common import SalesPanelCase


def view_filter(env, model, name):
    """The domain of a filter of the model's search view, as the web client applies it."""
    arch = etree.fromstring(env[model].get_view(view_type="search")["arch"])
    return safe_eval(arch.find(f".//filter[@name='{name}']").get("domain"), {"uid": env.uid})


@tagged("post_install", "-at_install")
class TestAnonymousCallers(SalesPanelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Call = cls.env["crm.call"]
        start = datetime.datetime(2026, 11, 22, 6, 0)

        def call(linkedid, number_raw, number_e164, user, minutes=0, **values):
            return Call.create(dict({
                "linkedid": linkedid, "direction": "incoming", "disposition": "answered",
                "talk_seconds": 40, "number_raw": number_raw, "number_e164": number_e164,
                "start_date": start + datetime.timedelta(minutes=minutes), "user_id": user.id,
            }, **values))

        cls.unknown_mobile = call("a1", "09350001111", "+989350001111", cls.agent_a1) | \
            call("a2", "09350001111", "+989350001111", cls.agent_a2, 30)
        cls.unknown_landline = call("a3", "02188001122", "+982188001122", cls.agent_a1, 60)
        cls.withheld = call("a4", "anonymous", False, cls.agent_a1, 90)

    def anonymous(self, user):
        action = self.env.ref("crm_voip_bridge.crm_call_action_anonymous")
        self.assertIn("search_default_anonymous", action.context)
        return self.env["crm.call"].with_user(user).search(
            view_filter(self.env, "crm.call", "anonymous"))

    def test_anonymous_callers_listed_per_agent(self):
        self.assertEqual(self.anonymous(self.agent_a1),
                         self.unknown_mobile.filtered(lambda c: c.user_id == self.agent_a1)
                         | self.unknown_landline)
        self.assertEqual(self.anonymous(self.sup_a), self.unknown_mobile | self.unknown_landline)

    def test_create_contact_from_a_call_links_its_past_calls(self):
        call = self.unknown_mobile[0].with_user(self.agent_a1)
        action = call.action_create_contact()
        self.assertEqual(action["context"]["default_mobile"], "+989350001111")
        with Form(self.env["res.partner"].with_user(self.agent_a1).with_context(
                action["context"])) as form:
            form.firstname = "Caller"
            form.lastname = "From the call"
        contact = form.record
        self.assertEqual(contact.user_id, self.agent_a1)
        # Both calls of the number, the other agent's too, now belong to the new contact.
        self.assertEqual(self.unknown_mobile.mapped("partner_id"), contact)
        self.assertEqual(self.unknown_landline.partner_id.id, False)
        landline = self.unknown_landline.with_user(self.agent_a1).action_create_contact()
        self.assertEqual(landline["context"]["default_phone"], "+982188001122")

    def test_add_number_to_an_existing_contact(self):
        wizard = self.env["crm.call.number.wizard"].with_user(self.agent_a1).create({
            "call_id": self.unknown_landline.id, "partner_id": self.customer_a1.id})
        self.assertEqual(wizard.target_field, "phone", "a Tehran landline goes to Phone")
        wizard.action_apply()
        self.assertEqual(self.customer_a1.phone_e164, "+982188001122")
        self.assertEqual(self.unknown_landline.partner_id, self.customer_a1)
        # A field that already holds another number is not overwritten.
        other = self.env["crm.call"].create({
            "linkedid": "a5", "direction": "incoming", "number_raw": "02188009999",
            "number_e164": "+982188009999", "start_date": datetime.datetime(2026, 11, 22, 8, 0),
            "user_id": self.agent_a1.id})
        wizard = self.env["crm.call.number.wizard"].with_user(self.agent_a1).create({
            "call_id": other.id, "partner_id": self.customer_a1.id})
        with self.assertRaisesRegex(UserError, r"\+982188001122"):
            wizard.action_apply()
        self.assertFalse(other.partner_id)
        # Persian digits typed on the contact match too.
        self.customer_a2.mobile = "۰۹۳۵ ۰۰۰ ۱۱۱۱"
        self.assertEqual(self.unknown_mobile.mapped("partner_id"), self.customer_a2)

    def test_no_call_description_filter(self):
        """F15: contacts that were called, none of whose calls has a description."""
        Call = self.env["crm.call"]
        start = datetime.datetime(2026, 11, 22, 6, 0)
        described, undescribed, mixed = self.env["res.partner"].create(
            [{"name": n} for n in ("described", "undescribed", "mixed")])
        for partner, descriptions in ((described, ["Wants a quotation"]),
                                      (undescribed, [False, False]),
                                      (mixed, [False, "Call back Sunday"])):
            for index, description in enumerate(descriptions):
                Call.create({"linkedid": f"d-{partner.id}-{index}", "direction": "outgoing",
                             "start_date": start, "partner_id": partner.id,
                             "description": description})
        domain = view_filter(self.env, "res.partner", "no_call_description")
        found = self.env["res.partner"].search(domain + [("id", "in", (described | undescribed | mixed
                                                                      | self.customer_a1).ids)])
        self.assertEqual(found, undescribed)
