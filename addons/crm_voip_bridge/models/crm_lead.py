from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    sales_panel_last_call_id = fields.Many2one(
        "crm.call", "Last recorded call", compute="_compute_sales_panel_last_call_id")

    def _compute_sales_panel_last_call_id(self):
        for lead in self:
            lead.sales_panel_last_call_id = \
                lead.partner_id.commercial_partner_id._sales_panel_last_recorded_call()
