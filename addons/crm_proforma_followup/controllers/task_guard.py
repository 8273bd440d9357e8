from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.web.controllers.dataset import DataSet

# What a blocked agent may still call: the quotations, their activities (the blocking
# screen schedules them), and what the web client itself needs to run.
ALLOWED_MODELS = {
    "sale.order", "sale.order.line", "sale.order.followup", "sale.order.followup.wizard",
    "sale.order.lost.wizard", "mail.activity", "mail.activity.type", "mail.activity.schedule",
    "mail.activity.plan", "res.users", "res.users.settings", "res.company",
}
ALLOWED_PREFIXES = ("ir.", "bus.", "web", "mail.", "discuss.", "base.", "res.lang", "res.currency")


class TaskGuardDataSet(DataSet):
    """Server side of "no quotation without a task": a blocked agent's calls to other models
    are refused, whatever the browser shows."""

    def _sales_panel_check(self, model):
        if model in ALLOWED_MODELS or model.startswith(ALLOWED_PREFIXES):
            return
        blocking = request.env["sale.order"]._sales_panel_blocking_quotations()
        if blocking:
            raise UserError(_(
                "Schedule an activity on each of your quotations first: %s",
                ", ".join(blocking.mapped("name"))))

    @http.route()
    def call_kw(self, model, method, args, kwargs, path=None):
        self._sales_panel_check(model)
        return super().call_kw(model, method, args, kwargs, path=path)

    @http.route()
    def call_button(self, model, method, args, kwargs, path=None):
        self._sales_panel_check(model)
        return super().call_button(model, method, args, kwargs, path=path)
