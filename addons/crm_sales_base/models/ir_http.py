from odoo import models
from odoo.http import request

from ..lib import phone


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """The web client shows dates in the user's calendar (res_users_reading.py),
        amounts in the company's display unit (static/src/money), numbers with the
        user's digits (static/src/digits) and phone numbers in its
        country's national format (static/src/phone), for the company the user works in."""
        info = super().session_info()
        if info.get("uid"):
            env = self._sales_panel_session_env()
            company = env.company
            info["sales_panel_calendar"] = env.user._sales_panel_display_calendar()
            info["sales_panel_persian_digits"] = env.user._sales_panel_persian_digits()
            info["sales_panel_amount_units"] = company._sales_panel_amount_units()
            info["sales_panel_amount_currency_id"] = company.currency_id.id
            info["sales_panel_phone_rules"] = phone.national_rules(company._sales_panel_phone_region())
        return info

    def _sales_panel_session_env(self):
        """The environment of the company chosen in the company switcher: session_info runs
        without it (env.company is the user's default company); the web client keeps it in
        the ``cids`` cookie, read as mail's session_info does, the user's companies only."""
        user = self.env.user
        cookie = request.cookies.get("cids", "") if request else ""
        allowed = [int(cid) for cid in cookie.split("-") if cid.isdigit() and int(cid) in user.company_ids.ids]
        return self.with_context(allowed_company_ids=allowed).env if allowed else self.env
