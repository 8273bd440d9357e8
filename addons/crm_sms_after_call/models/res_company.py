import secrets

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import providers

PROVIDERS = [("iap", "Odoo IAP"), ("kavenegar", "Kavenegar"), ("http", "HTTP gateway")]


def _token():
    return secrets.token_urlsafe(24)


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_provider = fields.Selection(
        PROVIDERS, "SMS provider", default="iap", required=True,
        help="Gateway the SMS of this company go through: Odoo's IAP service, Kavenegar, or "
        "any HTTP gateway (GSM/SIM box, another Iranian provider).",
    )
    # Credentials and URLs that may carry them: system administrators only.
    sms_kavenegar_api_key = fields.Char("Kavenegar API key", groups="base.group_system")
    sms_kavenegar_url = fields.Char(
        "Kavenegar API URL", default=providers.Kavenegar.BASE_URL, groups="base.group_system")
    sms_sender = fields.Char(
        "SMS sender line", groups="base.group_system",
        help="Sender number of the company's line (Kavenegar sender, {sender} of the HTTP gateway).")
    sms_http_url = fields.Char(
        "Gateway URL template", groups="base.group_system",
        help="Placeholders: {to} (+989…), {to_national} (09…), {to_digits} (989…), {message}, "
        "{sender}, {uid} (a unique id of the SMS). Values are URL-encoded.")
    sms_http_method = fields.Selection(
        [("GET", "GET"), ("POST", "POST (query string as form body)")], "Gateway method",
        default="GET", groups="base.group_system")
    sms_http_success_pattern = fields.Char(
        "Success pattern", groups="base.group_system",
        default=providers.HttpGateway.DEFAULT_SUCCESS_PATTERN,
        help="Regular expression (case-insensitive) found in the gateway's answer when it accepted "
        "the SMS; a named group (?P<id>…) gives the message id delivery reports refer to. An "
        "answer without it leaves the SMS's outcome unknown (never sent again blindly).")
    sms_callback_token = fields.Char(
        "Delivery report token", groups="base.group_system", copy=False, default=lambda self: _token())
    sms_quiet_start = fields.Float("Quiet hours from", default=21.0)
    sms_quiet_end = fields.Float("Quiet hours until", default=8.0)
    sms_retry_hours = fields.Integer(
        "Retry for (hours)", default=24,
        help="A gateway that stays down longer than this turns its waiting SMS into errors.")
    sms_min_talk_seconds = fields.Integer(
        "Minimum talk time for an SMS (s)", default=0,
        help="Answered calls shorter than this send no SMS after the call.")

    def init(self):
        result = super().init()
        # A new column's default is computed once for all existing rows: give each company
        # its own token (and one to those without).
        self.env.cr.execute("""
            SELECT id FROM res_company c WHERE sms_callback_token IS NULL OR EXISTS (
                SELECT 1 FROM res_company o WHERE o.id < c.id AND o.sms_callback_token = c.sms_callback_token)
        """)
        for (company_id,) in self.env.cr.fetchall():
            self.env.cr.execute("UPDATE res_company SET sms_callback_token = %s WHERE id = %s",
                                (_token(), company_id))
        return result

    @api.constrains("sms_http_url", "sms_http_success_pattern", "sms_provider")
    def _check_sms_http_gateway(self):
        for company in self.sudo():
            if company.sms_provider != "http" and not company.sms_http_url:
                continue
            errors = providers.HttpGateway.check(company.sms_http_url, company.sms_http_success_pattern)
            if errors:
                raise ValidationError(_("HTTP SMS gateway of %(company)s: %(errors)s",
                                        company=company.name, errors="; ".join(errors)))

    @api.constrains("sms_quiet_start", "sms_quiet_end")
    def _check_sms_quiet_hours(self):
        for company in self:
            for value in (company.sms_quiet_start, company.sms_quiet_end):
                if not 0 <= value <= 24:
                    raise ValidationError(_("Quiet hours are times of day, from 00:00 to 24:00."))

    def _sms_client(self, session=None):
        """The gateway client of the company, or None for Odoo's IAP (the stock path)."""
        self.ensure_one()
        company = self.sudo()
        # The tests shorten the wait for a stalling gateway through this key.
        timeout = self.env.context.get("sms_after_call_timeout") or providers.TIMEOUT
        if company.sms_provider == "kavenegar":
            return providers.Kavenegar(company.sms_kavenegar_api_key, company.sms_sender,
                                       base_url=company.sms_kavenegar_url, timeout=timeout, session=session)
        if company.sms_provider == "http":
            return providers.HttpGateway(company.sms_http_url, company.sms_http_method,
                                         company.sms_http_success_pattern, company.sms_sender,
                                         timeout=timeout, session=session)
        return None

    def _sms_secrets(self):
        """Values of the company's gateway settings that no error text may show, of every
        provider (an SMS's error may date from the previous one)."""
        company = self.sudo()
        found = []
        for each in company:
            found += [each.sms_kavenegar_api_key or "", each.sms_callback_token or "",
                      *providers.HttpGateway.secrets_of(each.sms_http_url)]
        return [value for value in found if value]

    def _sms_callback_url(self):
        self.ensure_one()
        base = self.get_base_url().rstrip("/")
        return f"{base}/sms_after_call/report/{self.id}/{self.sudo().sms_callback_token}"

    def _sms_check_token_rights(self):
        """System administrators, for their own companies only: the token is what a
        gateway's delivery reports prove themselves with."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only system administrators can change the delivery report token."))
        if self - self.env.user.company_ids:
            raise AccessError(_("You can only change the delivery report token of your own companies."))

    def action_sms_new_callback_token(self):
        # A button, hence an RPC any logged-in user can call: checked here, not in the view.
        self._sms_check_token_rights()
        self.sudo().write({"sms_callback_token": _token()})
        return True
