from odoo import fields, models


class CrmCall(models.Model):
    _inherit = "crm.call"

    sms_after_call_ids = fields.One2many("crm.sms.after.call", "call_id", "SMS after the call")

    def _sales_panel_on_call_ended(self):
        res = super()._sales_panel_on_call_ended()
        self.env["crm.sms.after.call"].sudo()._sales_panel_queue_for_calls(self)
        return res
