from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTemplates(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.gold = cls.env.ref("crm_sms_after_call.sms_kind_gold")

    def test_five_kinds_shipped(self):
        kinds = self.env["crm.sms.kind"]._for_company(self.env.company)
        self.assertEqual(set(kinds), {"quotation_sent", "new_customer", "gold", "silver", "bronze"})
        self.assertTrue(all(kind.enabled for kind in kinds.values()))

    def test_unknown_placeholder_refused_with_its_name(self):
        # Both languages of the texts are installed, as in a bilingual company.
        self.env["res.lang"]._activate_lang("en_US")
        self.env["res.lang"]._activate_lang("fa_IR")
        with self.assertRaisesRegex(ValidationError, r"\{phone\}"), self.env.cr.savepoint():
            self.gold.body = "Dear {name}, call {phone}"
        self.env.invalidate_all(flush=False)  # drop the refused value from the cache
        with self.assertRaisesRegex(ValidationError, r"\{nam\}"), self.env.cr.savepoint():
            self.env["crm.sms.kind"].create({"name": "x", "kind": "gold", "company_id": self.env.company.id,
                                             "body": "Hi {nam}"})
        self.env.invalidate_all(flush=False)
        # The Persian text is checked as well as the English one.
        with self.assertRaisesRegex(ValidationError, r"\{نام\}"), self.env.cr.savepoint():
            self.gold.with_context(lang="fa_IR").body = "{نام} عزیز، سلام"
        self.env.invalidate_all(flush=False)
        self.gold.with_context(lang="fa_IR").body = "{name} عزیز، از تماس شما سپاسگزاریم. {agent}"
        self.assertIn("عزیز", self.gold.with_context(lang="fa_IR").body)
        self.assertNotIn("عزیز", self.gold.with_context(lang="en_US").body)

    def test_parts_shown_on_the_form(self):
        with Form(self.gold) as form:
            form.body = "Thanks {name}"
            self.assertEqual((form.body_encoding, form.body_parts), ("ucs2", 1), "the sample name is Persian")
            form.body = "{name} عزیز، " + "از تماس شما با ما بسیار سپاسگزاریم " * 3
            self.assertEqual(form.body_encoding, "ucs2")
            self.assertEqual(form.body_parts, 2)
            self.assertGreater(form.body_length, 70)
