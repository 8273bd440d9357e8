import logging

from odoo import fields, models

from odoo.addons.crm_sales_base.lib.redact import redact

_logger = logging.getLogger(__name__)


class CrmCall(models.Model):
    _inherit = "crm.call"

    sms_after_call_ids = fields.One2many("crm.sms.after.call", "call_id", "SMS after the call")

    def _sales_panel_on_call_ended(self):
        """Only notes the calls (one INSERT) inside the sync's batch transaction: the SMS
        are decided after the batch is committed, by their own job. Even noting them runs in
        a savepoint: nothing of the SMS may roll the call import back."""
        res = super()._sales_panel_on_call_ended()
        try:
            with self.env.cr.savepoint():
                self.env["crm.sms.after.call"].sudo()._sales_panel_queue_for_calls(self)
        except Exception as exc:  # the calls are imported whatever happens here
            _logger.error("SMS after calls: %s ended calls not noted for an SMS: %s", len(self), redact(exc))
        return res
