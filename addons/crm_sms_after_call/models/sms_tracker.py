from odoo import fields, models


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    # Trackers outlive their sent SMS (garbage-collected): delivery reports find them by
    # the provider's id, within the company and gateway that gave it (ids repeat across
    # gateways and after a GSM box's reboot).
    sms_provider_message_id = fields.Char("Provider's message id", index=True)
    sms_company_id = fields.Many2one("res.company", "SMS company", index=True)
    sms_provider = fields.Char("Sent through")
