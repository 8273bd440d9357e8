from odoo import models

from odoo.addons.crm_sales_base.hooks import create_indexes

from ..hooks import INDEXES


class ResPartner(models.Model):
    _inherit = "res.partner"

    def init(self):
        result = super().init()
        create_indexes(self.env, INDEXES, self._table)
        return result
