from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SalesPanelRules(models.Model):
    _inherit = "sales.panel.rules"

    sales_panel_successful_seconds = fields.Integer(
        related="company_id.sales_panel_successful_seconds", readonly=False, tracking=True)
    sales_panel_next_step_incoming = fields.Boolean(
        related="company_id.sales_panel_next_step_incoming", readonly=False, tracking=True)
    sales_panel_next_step_outgoing = fields.Boolean(
        related="company_id.sales_panel_next_step_outgoing", readonly=False, tracking=True)
    sales_panel_next_step_unanswered = fields.Boolean(
        related="company_id.sales_panel_next_step_unanswered", readonly=False, tracking=True)
    # The PBX's connections, as far as a manager may know them: set or not, working or not.
    cdr_source_ids = fields.Many2many("crm.cdr.source", string="CDR sources", compute="_compute_connections")
    pbx_server_ids = fields.Many2many("crm.pbx.server", string="PBX servers (live calls)",
                                      compute="_compute_connections")

    def _compute_connections(self):
        for rules in self:
            company = [("company_id", "=", rules.company_id.id)]
            rules.cdr_source_ids = self.env["crm.cdr.source"].search(company)
            rules.pbx_server_ids = self.env["crm.pbx.server"].search(company)

    @api.constrains("sales_panel_successful_seconds")
    def _check_sales_panel_successful_seconds(self):
        if any(rules.sales_panel_successful_seconds < 0 for rules in self):
            raise ValidationError(_("A successful call's talk time is zero seconds or more."))
