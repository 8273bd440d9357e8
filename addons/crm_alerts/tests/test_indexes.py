from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_sales_base.tests.common import assert_indexes_dropped_on_uninstall

from ..hooks import INDEXES, uninstall_hook


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def test_indexes_created_and_dropped_on_uninstall(self):
        assert_indexes_dropped_on_uninstall(self, INDEXES, uninstall_hook)
