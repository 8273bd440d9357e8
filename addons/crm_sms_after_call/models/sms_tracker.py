from odoo import fields, models


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    # Trackers outlive their sent SMS (garbage-collected): delivery reports find them by this.
    sms_provider_message_id = fields.Char("Provider's message id", index=True)
