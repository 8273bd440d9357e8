from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """The web client shows dates in the user's calendar (res_users_calendar.py)."""
        info = super().session_info()
        if info.get("uid"):
            info["sales_panel_calendar"] = self.env.user._sales_panel_display_calendar()
        return info
