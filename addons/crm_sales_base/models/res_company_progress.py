from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_background_rows = fields.Integer(
        "Exports in the background from", default=20000,
        help="An export made from more records than this (contacts for the key people, calls "
        "for the manager report) is built in the background: its user is told when the file is "
        "ready. 0: every export is made at once.")

    def _sales_panel_in_background(self, size):
        """Whether an export of ``size`` records is built in the background."""
        self.ensure_one()
        return bool(self.sales_panel_background_rows) and size > self.sales_panel_background_rows
