from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        if info.get("uid"):
            info["home_action_id"] = self.env.user._sales_panel_home_action_id()
        return info
