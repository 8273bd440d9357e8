from odoo.tests import TransactionCase, tagged

from ..hooks import INDEXES, uninstall_hook
from .common import assert_indexes_dropped_on_uninstall


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def test_key_people_index_created_and_dropped_on_uninstall(self):
        self.assertIn("res_partner_key_person_parent_idx", INDEXES)
        assert_indexes_dropped_on_uninstall(self, INDEXES, uninstall_hook)
