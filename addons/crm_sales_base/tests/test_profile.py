import io
from datetime import timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from .common import SalesPanelCase


def search_filters(env):
    """{filter name: (group index, domain)} of the contact search view, groups split by
    separators the way the web client combines them (OR inside a group, AND across)."""
    arch = etree.fromstring(env["res.partner"].get_view(view_type="search")["arch"])
    filters, group = {}, 0
    for node in arch.iter("filter", "separator", "group"):
        if node.tag in ("separator", "group"):
            group += 1
        elif node.get("domain") and node.get("name"):
            context = {"uid": env.uid, "context_today": safe_datetime.datetime.now,
                       "datetime": safe_datetime, "relativedelta": relativedelta}
            filters[node.get("name")] = (group, safe_eval(node.get("domain"), context))
    return filters


@tagged("post_install", "-at_install")
class TestContactFilters(SalesPanelCase):
    """F15, F20, F9: each filter and combinations return exactly the expected records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        none = cls.env.ref("crm_sales_base.cooperation_type_none")
        buyer = cls.env.ref("crm_sales_base.cooperation_type_customer")
        tehran = cls.env["res.country.state"].search([("country_id.code", "=", "IR")], limit=1) \
            or cls.env["res.country.state"].create({
                "name": "تهران", "code": "THR", "country_id": cls.env.ref("base.ir").id})
        cls.tag = cls.env["res.partner.category"].create({"name": "F20"})
        base = {"category_id": [(4, cls.tag.id)]}
        cls.full = Partner.create(dict(base, firstname="علی", lastname="احمدی", city="تهران",
                                       state_id=tehran.id, email="ali@example.ir",
                                       cooperation_type_id=buyer.id, user_id=cls.agent_a1.id,
                                       phone="09121110000"))
        cls.only_last = Partner.create(dict(base, lastname="رضایی", phone="09121110001",
                                            cooperation_type_id=none.id))
        cls.only_first = Partner.create(dict(base, firstname="مریم", lastname=False, city="قم",
                                             email="m@example.ir", user_id=cls.agent_b1.id,
                                             cooperation_type_id=buyer.id))
        cls.number = Partner.create(dict(base, name="0912 111 0002", mobile="09121110002"))
        cls.company_full = Partner.create(dict(base, name="فولاد البرز", is_company=True,
                                               city="اصفهان", state_id=tehran.id,
                                               email="info@foolad.ir", cooperation_type_id=buyer.id,
                                               user_id=cls.agent_a1.id))
        cls.company_bare = Partner.create(dict(base, name="پخش نوین", is_company=True))
        cls.ours = (cls.full | cls.only_last | cls.only_first | cls.number | cls.company_full
                    | cls.company_bare)
        cls.filters = search_filters(cls.env)

    def apply(self, *names):
        groups = {}
        for name in names:
            group, domain = self.filters[name]
            groups.setdefault(group, []).append(domain)
        domain = expression.AND([expression.OR(domains) for domains in groups.values()]
                                + [[("category_id", "in", self.tag.ids)]])
        return self.env["res.partner"].search(domain)

    def test_split_names(self):
        self.assertEqual((self.full.firstname, self.full.lastname), ("علی", "احمدی"))
        self.assertEqual(self.full.name, "علی احمدی")
        self.assertFalse(self.company_full.firstname)

    def test_each_filter(self):
        expected = {
            "no_firstname": self.only_last | self.number,
            "no_lastname": self.only_first | self.number,
            "number_only": self.number,
            "no_state": self.only_last | self.only_first | self.number | self.company_bare,
            "no_city": self.only_last | self.number | self.company_bare,
            "no_cooperation_type": self.only_last | self.number | self.company_bare,
            "no_email": self.only_last | self.number | self.company_bare,
            "no_salesperson": self.only_last | self.number | self.company_bare,
            "type_person": self.full | self.only_last | self.only_first | self.number,
            "type_company": self.company_full | self.company_bare,
        }
        for name, records in expected.items():
            self.assertEqual(self.apply(name), records, name)

    def test_combinations(self):
        cases = [
            (("no_email", "no_city"), self.only_last | self.number | self.company_bare),
            (("no_email", "type_company"), self.company_bare),
            (("no_email", "type_person"), self.only_last | self.number),
            (("type_person", "type_company", "no_salesperson"),
             self.only_last | self.number | self.company_bare),
            (("no_firstname", "no_lastname"), self.number),
            (("no_firstname", "number_only"), self.number),
            (("no_state", "no_cooperation_type", "type_company"), self.company_bare),
            (("no_city", "no_state", "no_email", "no_salesperson"),
             self.only_last | self.number | self.company_bare),
            (("no_lastname", "no_salesperson"), self.number),
            (("tier_gold", "tier_none", "no_email"), self.only_last | self.number | self.company_bare),
            (("tier_gold", "no_email"), self.browse_none()),
            (("no_cooperation_type", "type_person", "no_firstname"), self.only_last | self.number),
        ]
        for names, records in cases:
            self.assertEqual(self.apply(*names), records, names)
        # The groups the combinations rely on: type filters share one, F15 ones don't.
        self.assertEqual(self.filters["type_person"][0], self.filters["type_company"][0])
        self.assertNotEqual(self.filters["no_email"][0], self.filters["no_city"][0])

    def test_filters_respect_the_agents_book(self):
        found = self.apply("no_email").with_user(self.agent_a1)
        visible = self.env["res.partner"].with_user(self.agent_a1).search([("id", "in", found.ids)])
        self.assertEqual(visible, self.only_last | self.number | self.company_bare)

    def browse_none(self):
        return self.env["res.partner"]


@tagged("post_install", "-at_install")
class TestContactProfile(SalesPanelCase):
    def test_cooperation_type_required_with_none_default(self):
        none = self.env.ref("crm_sales_base.cooperation_type_none")
        self.assertEqual(none.with_context(lang="fa_IR").name, "هیچ‌کدام")
        with Form(self.env["res.partner"]) as form:
            form.lastname = "کاوه"
            self.assertEqual(form.cooperation_type_id, none)
            form.cooperation_type_id = self.env["crm.cooperation.type"]
            with self.assertRaises(AssertionError):
                form.save()
            form.cooperation_type_id = none
        with self.assertRaises(ValidationError):
            self.customer_a1.cooperation_type_id = False
        # Contacts that existed before the install got "None".
        self.assertEqual(self.env.ref("base.partner_admin").cooperation_type_id, none)

    def test_no_tags_on_create_but_on_saved_contacts(self):
        form = Form(self.env["res.partner"])
        with self.assertRaises(AssertionError):
            form.category_id.add(self.env["res.partner.category"].create({"name": "x"}))
        form = Form(self.customer_a1)
        form.category_id.add(self.env["res.partner.category"].create({"name": "y"}))
        form.save()
        self.assertEqual(self.customer_a1.category_id.name, "y")

    def test_gold_never_red(self):
        for view_type in ("list", "form", "kanban"):
            arch = self.env["res.partner"].get_view(view_type=view_type)["arch"]
            tree = etree.fromstring(arch)
            tiers = tree.xpath("//field[@name='tier']")
            self.assertTrue(tiers, view_type)
            for node in tiers:
                self.assertIn("tier == 'gold' or tier_promoted", node.get("decoration-warning"))
                self.assertIsNone(node.get("decoration-danger"), view_type)
            self.assertNotIn("tier", tree.get("decoration-danger") or "")
        list_arch = etree.fromstring(self.env["res.partner"].get_view(view_type="list")["arch"])
        self.assertEqual(list_arch.get("decoration-warning"), "tier == 'gold' or tier_promoted")

    def test_customer_raised_to_silver_is_promoted(self):
        customer = self.customer_a1
        customer.customer_rank = 1
        customer.tier = "bronze"
        self.assertFalse(customer.tier_promoted)
        (customer | self.customer_a2).write({"tier": "silver"})
        self.assertTrue(customer.tier_promoted)
        self.assertFalse(self.customer_a2.tier_promoted, "not a customer")

    def test_promoted_customer_lowered_again_is_not_gold(self):
        """F18: promoted bronze → gold, then lowered (by hand, or by the automatic tiers'
        write) to silver or bronze: no longer promoted, so no longer shown in gold."""
        customer = self.customer_a1
        customer.write({"customer_rank": 1, "tier": "bronze"})
        customer.tier = "gold"
        self.assertTrue(customer.tier_promoted)
        customer.tier = "gold"  # written again unchanged: still promoted
        self.assertTrue(customer.tier_promoted)
        (customer | self.customer_a2).write({"tier": "bronze"})
        self.assertFalse(customer.tier_promoted)
        self.assertEqual(customer.tier, "bronze")
        self.assertEqual(self.customer_a2.tier, "bronze")
        # Shown as its tier says in every view that paints tiers: not gold.
        self.assertFalse(customer.filtered_domain(["|", ("tier", "=", "gold"), ("tier_promoted", "=", True)]))
        customer.tier = "silver"  # promoted again
        self.assertTrue(customer.tier_promoted)

    def test_contact_quotations_in_the_profile(self):
        order2 = self.order_a1.copy()
        self.assertEqual(self.customer_a1.with_user(self.agent_a1).sale_order_count, 2)
        action = self.customer_a1.with_user(self.agent_a1).action_view_sale_order()
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(orders, self.order_a1 | order2)

    def test_personality_note_only_for_its_readers(self):
        self.customer_a1.with_user(self.agent_a1).personality_note = "آرام و دقیق صحبت کنید"
        for user in (self.agent_a1, self.sup_a, self.manager):
            self.assertEqual(self.customer_a1.with_user(user).personality_note,
                             "آرام و دقیق صحبت کنید", user.login)
        note = self.env["res.partner.personality"].search([("partner_id", "=", self.customer_a1.id)])
        with self.assertRaises(AccessError):
            note.with_user(self.agent_a2).read(["note"])
        with self.assertRaises(AccessError):
            note.with_user(self.sup_b).read(["note"])
        # An unassigned contact is readable by every agent, its note is not.
        self.unassigned.personality_note = "فقط صبح‌ها تماس بگیرید"
        self.assertEqual(self.unassigned.with_user(self.agent_b1).name, "Nobody's caller")
        self.assertFalse(self.unassigned.with_user(self.agent_b1).personality_note)

    def test_persian_digits_and_letters(self):
        partner = self.env["res.partner"].create({
            "name": "علي كريمي", "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷", "mobile": "٠٩٣٥١٢٣٤٥٦٧",
        })
        self.assertEqual(partner.phone, "0912 123 4567")
        self.assertEqual(partner.phone_e164, "+989121234567")
        self.assertEqual(partner.mobile_e164, "+989351234567")
        self.assertEqual(partner.name, "علی کریمی")
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.search([("name", "ilike", "علي")]) & partner, partner)
        self.assertEqual(Partner.search([("name", "ilike", "کریمی")]) & partner, partner)
        self.assertEqual(Partner.search([("phone", "ilike", "۱۲۳ ۴۵۶۷")]) & partner, partner)
        twin = Partner.create({"name": "Twin", "mobile": "+98 912 123 4567"})
        self.assertEqual(twin.phone_duplicate_ids, partner)

    def test_lead_temperature(self):
        self.lead_a1.temperature = "hot"
        self.unassigned.temperature = "junk"
        self.assertEqual(
            self.env["crm.lead"].search([("temperature", "=", "hot"), ("id", "=", self.lead_a1.id)]),
            self.lead_a1,
        )

    def test_automatic_tiers(self):
        company = self.env.company
        company.write({"sales_panel_auto_tier": True, "sales_panel_tier_gold": 1000,
                       "sales_panel_tier_silver": 500, "sales_panel_tier_bronze": 100})
        product = self.env["product.product"].create({"name": "P", "list_price": 600})
        for partner in (self.customer_a1, self.customer_a2):
            order = self.env["sale.order"].create({
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": product.id, "price_unit": 600, "tax_id": False})],
            })
            order.action_confirm()
        self.customer_a2.write({"tier": "gold", "tier_locked": True})
        old = self.env["sale.order"].create({
            "partner_id": self.customer_b1.id, "date_order": fields.Datetime.now() - timedelta(days=400),
            "order_line": [(0, 0, {"product_id": product.id, "price_unit": 5000, "tax_id": False})],
        })
        old.action_confirm()
        old.date_order = fields.Datetime.now() - timedelta(days=400)
        self.customer_b1.tier = "gold"
        self.env["res.partner"]._cron_sales_panel_auto_tier()
        self.assertEqual(self.customer_a1.tier, "silver")
        self.assertEqual(self.customer_a2.tier, "gold", "locked")
        self.assertEqual(self.customer_b1.tier, "none", "sales outside the period")


@tagged("post_install", "-at_install")
class TestKeyPeopleExport(HttpCase):
    def test_key_people_file(self):
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Key Co", "is_company": True, "tier": "gold"})
        people = Partner.create([
            {"name": f"Key {i}", "parent_id": company.id, "is_key_person": True,
             "function": "مدیر خرید", "mobile": f"0912000000{i}"}
            for i in range(3)
        ])
        Partner.create({"name": "Not key", "parent_id": company.id})
        key_total = Partner.search_count([("is_key_person", "=", True), ("parent_id.is_company", "=", True)])
        self.env.ref("base.user_admin").lang = "fa_IR"
        self.authenticate("admin", "admin")
        response = self.url_open("/sales_panel/key_people.xlsx")
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=False)
        sheet = book.active
        self.assertTrue(sheet.sheet_view.rightToLeft)
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        with_person = [r for r in rows if r[2]]
        self.assertEqual(len(with_person), key_total)
        self.assertEqual(sorted(r[2] for r in with_person if r[0] == "Key Co"), people.mapped("name"))
        self.assertEqual({r[1] for r in rows if r[0] == "Key Co"}, {"طلایی"})

    def test_cells_are_text_never_formulas_or_links(self):
        """What people typed arrives as typed: a name like a formula stays text, a web
        address is no link (formula injection into the reader's spreadsheet program)."""
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "AAA Injection Co", "is_company": True})
        formula = '=HYPERLINK("http://x.example","y")'
        Partner.create({"name": formula, "parent_id": company.id, "is_key_person": True,
                        "function": "http://evil.example/", "email": "mailto:a@example.com",
                        "phone": "+98 21 1234 5678"})
        self.authenticate("admin", "admin")
        response = self.url_open("/sales_panel/key_people.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "AAA Injection Co")
        for cell, typed in zip(row[2:5], (formula, "http://evil.example/", "+98 21 1234 5678"), strict=True):
            self.assertEqual((cell.value, cell.data_type, cell.hyperlink), (typed, "s", None), cell.coordinate)
        self.assertEqual((row[6].value, row[6].data_type, row[6].hyperlink), ("mailto:a@example.com", "s", None))

    def test_agents_cannot_download(self):
        from odoo.tests import new_test_user

        new_test_user(self.env, login="kp_agent", groups="crm_sales_base.group_agent")
        self.authenticate("kp_agent", "kp_agent")
        self.assertEqual(self.url_open("/sales_panel/key_people.xlsx").status_code, 404)


@tagged("post_install", "-at_install")
class TestPhoneNumberSearch(SalesPanelCase):
    def test_number_in_any_form_finds_the_contact(self):
        """The contacts' "Phone number" search: 0912…, +98 912…, Persian digits alike."""
        contact = self.env["res.partner"].create({"name": "Phone search", "mobile": "09127654321"})
        arch = etree.fromstring(self.env["res.partner"].get_view(view_type="search")["arch"])
        node = arch.find(".//field[@name='phone_e164']")
        for typed in ("09127654321", "+98 912 765 4321", "۰۹۱۲۷۶۵۴۳۲۱", "00989127654321"):
            domain = safe_eval(node.get("filter_domain"), {"self": typed})
            self.assertEqual(self.env["res.partner"].search(domain), contact, typed)
