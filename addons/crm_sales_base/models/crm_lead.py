from odoo import fields, models

from .res_partner import TEMPERATURES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    temperature = fields.Selection(TEMPERATURES, "Lead temperature", tracking=True)
