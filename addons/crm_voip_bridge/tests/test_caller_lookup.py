"""The caller look-up (res.partner._sales_panel_match_numbers) the screen pop and the CDR
sync share: one number through one query, many through one LATERAL query, both with the
same rules."""

from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import SalesPanelCase


@tagged("post_install", "-at_install")
class TestCallerLookup(SalesPanelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_company = cls.env["res.company"].create({"name": "Other company"})
        # +989351110001: an older contact without salesperson, a newer one with one (wins).
        cls.orphan = Partner.create({"name": "No salesperson", "mobile": "09351110001"})
        cls.owned = Partner.create({"name": "Owned", "phone": "+98 935 111 0001", "user_id": cls.agent_a1.id})
        # +989351110002: two contacts without salesperson: the oldest wins.
        cls.oldest = Partner.create({"name": "Oldest", "phone": "۰۹۳۵۱۱۱۰۰۰۲"})
        cls.newest = Partner.create({"name": "Newest", "mobile": "00989351110002"})
        # +989351110003: archived, or of another company: nobody's.
        Partner.create({"name": "Archived", "mobile": "09351110003", "active": False})
        Partner.create({"name": "Elsewhere", "mobile": "09351110003", "company_id": cls.other_company.id})
        # +989351110004: shared (no company).
        cls.shared = Partner.create({"name": "Shared", "mobile": "09351110004", "company_id": False})

    def test_rules_one_number_and_many(self):
        Partner = self.env["res.partner"]
        company = self.env.company
        expected = {"+989351110001": self.owned, "+989351110002": self.oldest, "+989351110004": self.shared}
        numbers = [*expected, "+989351110003", "+989359999999"]
        one_by_one = {}
        for number in numbers:
            one_by_one.update(Partner._sales_panel_match_numbers({number}, company))
        self.assertEqual(one_by_one, expected)
        self.assertEqual(Partner._sales_panel_match_numbers(set(numbers), company), expected)
        self.assertEqual(Partner._sales_panel_match_numbers(set(), company), {})

    def test_one_number_is_one_query(self):
        Partner = self.env["res.partner"]
        Partner._sales_panel_match_numbers({"+989351110001"}, self.env.company)
        before = self.env.cr.sql_log_count
        self.assertEqual(Partner._sales_panel_match_numbers({"+989351110001"}, self.env.company),
                         {"+989351110001": self.owned})
        self.assertEqual(self.env.cr.sql_log_count - before, 1, "one query per look-up")
        # A number changed in this transaction is found at once (the ORM's pending writes
        # are flushed first).
        self.owned.phone = "09351110009"
        self.assertEqual(Partner._sales_panel_match_numbers({"+989351110009"}, self.env.company),
                         {"+989351110009": self.owned})
