from odoo import fields, models

from odoo.addons.crm_sales_base.models.res_company_calendar import adopt_calendar_fields

DAY_FIGURE_SETTINGS = {"sales_panel_successful_seconds", "sales_panel_timezone"}


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_successful_seconds = fields.Integer(
        "Successful call from (s)", default=30,
        help="An answered call with at least this talk time counts as successful.",
    )
    sales_panel_cdr_log_days = fields.Integer(
        "Keep CDR sync runs (days)", default=90,
        help="Runs of the CDR sources older than this are deleted every night. 0: kept forever.",
    )
    # Which ended calls require a next step from their agent (T7); missed incoming and
    # internal calls never do.
    sales_panel_next_step_incoming = fields.Boolean(
        "Next step after answered incoming calls", default=True)
    sales_panel_next_step_outgoing = fields.Boolean(
        "Next step after answered outgoing calls", default=True)
    sales_panel_next_step_unanswered = fields.Boolean(
        "Next step after unanswered outgoing calls", default=False)

    def init(self):
        result = super().init()
        # The timezone of the figures moved to crm_sales_base's calendar (#17).
        adopt_calendar_fields(self.env.cr, "crm_voip_bridge")
        return result

    def write(self, vals):
        # Rolled-up call figures hold days of this timezone (crm_sales_base's calendar) and successful calls of this
        # threshold: they are counted from the calls again.
        changed = self.filtered(lambda c: any(name in vals and c[name] != vals[name] for name in DAY_FIGURE_SETTINGS))
        if changed:
            self.env["crm.call.day"]._sales_panel_forget(changed)
        return super().write(vals)
