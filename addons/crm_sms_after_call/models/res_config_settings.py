from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_provider = fields.Selection(related="company_id.sms_provider", readonly=False)
    sms_kavenegar_api_key = fields.Char(
        related="company_id.sms_kavenegar_api_key", readonly=False, groups="base.group_system")
    sms_kavenegar_url = fields.Char(
        related="company_id.sms_kavenegar_url", readonly=False, groups="base.group_system")
    sms_sender = fields.Char(related="company_id.sms_sender", readonly=False, groups="base.group_system")
    sms_http_url = fields.Char(related="company_id.sms_http_url", readonly=False, groups="base.group_system")
    sms_http_method = fields.Selection(
        related="company_id.sms_http_method", readonly=False, groups="base.group_system")
    sms_http_success_pattern = fields.Char(
        related="company_id.sms_http_success_pattern", readonly=False, groups="base.group_system")
    sms_callback_url = fields.Char("Delivery report URL", compute="_compute_sms_callback_url",
                                   groups="base.group_system")

    @api.depends("company_id")
    def _compute_sms_callback_url(self):
        for settings in self:
            settings.sms_callback_url = settings.company_id._sms_callback_url()

    def action_sms_new_callback_token(self):
        # Checked before anything of the settings is read (a portal user may call this).
        self.env["res.company"]._sms_check_token_rights()
        self.company_id.action_sms_new_callback_token()
        return {"type": "ir.actions.client", "tag": "reload"}
