from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """The web client shows call buttons next to phone numbers (T1) to users who may
        call from the Sales Panel: agents and marketers with a PBX extension (the server
        checks it again in crm.call.sales_panel_dial)."""
        info = super().session_info()
        user = self.env.user
        if info.get("uid"):
            info["sales_panel_can_dial"] = bool((user.pbx_extension or "").strip()) and (
                user.has_group("crm_sales_base.group_section_calls"))
        return info
