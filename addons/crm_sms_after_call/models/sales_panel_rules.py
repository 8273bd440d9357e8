from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_company import PROVIDERS


class SalesPanelRules(models.Model):
    _inherit = "sales.panel.rules"

    sms_quiet_start = fields.Float(related="company_id.sms_quiet_start", readonly=False, tracking=True)
    sms_quiet_end = fields.Float(related="company_id.sms_quiet_end", readonly=False, tracking=True)
    sms_min_talk_seconds = fields.Integer(related="company_id.sms_min_talk_seconds", readonly=False, tracking=True)
    sms_retry_hours = fields.Integer(related="company_id.sms_retry_hours", readonly=False, tracking=True)
    # The gateway as far as a manager may know it: which one, set or not, working or not.
    # Read as superuser, shown as yes/no and dates: never a key, a URL or the token.
    sms_provider = fields.Selection(PROVIDERS, "SMS provider", compute="_compute_sms_status")
    sms_gateway_set = fields.Boolean("Gateway set", compute="_compute_sms_status")
    sms_report_token_set = fields.Boolean("Delivery report token set", compute="_compute_sms_status")
    sms_last_sent_date = fields.Datetime("Last SMS sent", compute="_compute_sms_status")
    sms_last_error_date = fields.Datetime("Last SMS error", compute="_compute_sms_status")
    sms_last_error = fields.Char("Last SMS error message", compute="_compute_sms_status")

    def _compute_sms_status(self):
        AfterCall = self.env["crm.sms.after.call"].sudo()
        for rules in self:
            company = rules.company_id.sudo()
            rules.sms_provider = company.sms_provider
            rules.sms_gateway_set = {
                "iap": True,
                "kavenegar": bool(company.sms_kavenegar_api_key and company.sms_sender),
                "http": bool(company.sms_http_url),
            }.get(company.sms_provider, False)
            rules.sms_report_token_set = bool(company.sms_callback_token)
            sent = AfterCall.search([("company_id", "=", company.id), ("state", "in", ("sent", "delivered"))],
                                    order="write_date desc", limit=1)
            error = AfterCall.search([("company_id", "=", company.id), ("state", "=", "error")],
                                     order="write_date desc", limit=1)
            rules.sms_last_sent_date = sent.write_date
            rules.sms_last_error_date = error.write_date
            # Reasons are stored with the gateway's secrets already redacted (lib redact).
            rules.sms_last_error = error.reason

    # Quiet hours are checked by the company (res_company.py).
    @api.constrains("sms_min_talk_seconds", "sms_retry_hours")
    def _check_sms_rules(self):
        if any(rules.sms_min_talk_seconds < 0 or rules.sms_retry_hours < 0 for rules in self):
            raise ValidationError(_("Talk time and retry hours of SMS after calls are zero or more."))
