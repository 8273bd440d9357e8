"""Every label a Persian user meets is Persian (issue 19, P4): what an i18n export of each
of the suite's addons for fa_IR gives has a translation, and so do the labels of the OCA
module the suite depends on (partner_firstname, translated by crm_sales_base/i18n_extra)."""

import re

from babel.messages.pofile import read_po

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open
from odoo.tools.translate import TranslationModuleReader

SUITE = ("crm_sales_base", "crm_voip_bridge", "crm_proforma_followup", "crm_agent_scoring",
         "crm_alerts", "crm_sms_after_call", "crm_call_list", "crm_agent_plan")
# Their records' labels (fields, views, constraints) only: the messages their Python code
# raises come from their own i18n/fa.po, which only the module can ship (readme/CONFIGURE.md).
OCA = ("partner_firstname", "base_user_role")
LATIN = re.compile("[A-Za-z]")


@tagged("post_install", "-at_install")
class TestMoneyTranslations(TransactionCase):
    @staticmethod
    def same_in_persian(modules):
        """Terms whose Persian is the term itself ("Asia/Tehran", "TLS"): the export gives
        them empty like missing ones, the .po files say they are translated."""
        same = set()
        for module in modules:
            path = "crm_sales_base/i18n_extra/fa.po" if module in OCA else f"{module}/i18n/fa.po"
            with file_open(path, "rb") as po:
                same |= {message.id for message in read_po(po) if message.id and message.string == message.id}
        return same

    def untranslated(self, modules):
        """(module, type, term) of the terms an fa_IR export of ``modules`` gives without
        Persian: model terms as the database has them, code terms as Odoo loads them from
        the .po files at run time (an entry without its "odoo-python" mark is not loaded)."""
        reader = TranslationModuleReader(self.env.cr, modules=list(modules), lang="fa_IR")
        same = self.same_in_persian(modules)
        return sorted({
            (module, ttype, source[:80])
            for module, ttype, _name, _res_id, source, value, _comments in reader
            if not value and module in modules and not (module in OCA and ttype == "code")
            and source not in same and LATIN.search(source)  # Persian demo data needs none
        })

    def test_persian_installed(self):
        self.assertTrue(self.env["res.lang"]._lang_get("fa_IR"), "the test database has fa_IR")

    def test_every_term_of_the_suite_is_persian(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", SUITE), ("state", "=", "installed")]).mapped("name")
        self.assertIn("crm_sales_base", installed)
        missing = self.untranslated(installed)
        self.assertFalse(missing, "terms without Persian (add them to the addon's i18n/fa.po):\n"
                         + "\n".join(map(str, missing)))

    def test_code_terms_are_marked_to_be_loaded(self):
        """Odoo loads the translation of a term of the code only when its entry says where
        the term is used ("#. odoo-python" / "#. odoo-javascript"): one without is never shown."""
        unmarked = []
        for module in SUITE:
            with file_open(f"{module}/i18n/fa.po", "rb") as po:
                unmarked += [(module, message.id) for message in read_po(po)
                             if message.id and any(path.startswith("code:") for path, _line in message.locations)
                             and not {"odoo-python", "odoo-javascript"} & set(message.auto_comments)]
        self.assertFalse(unmarked)

    def test_labels_of_the_oca_modules_are_persian(self):
        self.assertFalse(self.untranslated(OCA))
        Partner = self.env["res.partner"].with_context(lang="fa_IR")
        self.assertEqual(Partner._fields["firstname"].get_description(Partner.env)["string"], "نام")
        self.assertEqual(Partner._fields["lastname"].get_description(Partner.env)["string"], "نام خانوادگی")
        # As the contact form gets them.
        fields = Partner.get_views([(False, "form")])["models"]["res.partner"]["fields"]
        self.assertEqual((fields["firstname"]["string"], fields["lastname"]["string"]), ("نام", "نام خانوادگی"))
