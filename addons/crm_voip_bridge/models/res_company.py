from odoo import fields, models

DAY_FIGURE_SETTINGS = {"sales_panel_successful_seconds", "sales_panel_timezone"}


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_successful_seconds = fields.Integer(
        "Successful call from (s)", default=30,
        help="An answered call with at least this talk time counts as successful.",
    )
    sales_panel_timezone = fields.Char(
        "Sales Panel timezone", default="Asia/Tehran",
        help="Days, weeks and months of the call figures follow this timezone.",
    )
    sales_panel_cdr_log_days = fields.Integer(
        "Keep CDR sync runs (days)", default=90,
        help="Runs of the CDR sources older than this are deleted every night. 0: kept forever.",
    )

    def write(self, vals):
        # Rolled-up call figures hold days of this timezone and successful calls of this
        # threshold: they are counted from the calls again.
        changed = self.filtered(lambda c: any(name in vals and c[name] != vals[name] for name in DAY_FIGURE_SETTINGS))
        if changed:
            self.env["crm.call.day"]._sales_panel_forget(changed)
        return super().write(vals)
