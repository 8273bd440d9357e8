from odoo import models

from odoo.addons.crm_sales_base.models.res_company_calendar import adopt_calendar_fields


class ResCompany(models.Model):
    _inherit = "res.company"

    def init(self):
        result = super().init()
        # The first day of the week moved to crm_sales_base's calendar (#17).
        adopt_calendar_fields(self.env.cr, "crm_alerts")
        return result
