from odoo import fields, models

STYLES = [
    ("warning", "Gold"),
    ("danger", "Red"),
    ("success", "Green"),
    ("info", "Blue"),
    ("primary", "Purple"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_gold_amount = fields.Monetary(
        "Gold amount from", default=300_000_000,
        help="Quotations from this amount (in the company's currency) are shown in gold.")
    sales_panel_special_amount = fields.Monetary(
        "Special amount from", default=1_000_000_000,
        help="Quotations from this amount get the stronger, special style.")
    sales_panel_gold_style = fields.Selection(STYLES, "Gold style", default="warning", required=True)
    sales_panel_special_style = fields.Selection(STYLES, "Special style", default="danger", required=True)
    sales_panel_task_grace_minutes = fields.Integer(
        "Minutes before a quotation needs a task", default=10,
        help="An open quotation without an open activity blocks its agent after this long.")
    sales_panel_blocked_group_ids = fields.Many2many(
        "res.groups", "res_company_sales_panel_blocked_group_rel", "company_id", "group_id",
        "Blocked groups", default=lambda self: self.env.ref("crm_sales_base.group_section_quotations", False),
        help="Members of these groups cannot use other menus while a quotation of theirs has "
        "no task (by default everyone whose role opens the quotations). Users whose role gives the "
        "Quotations section at the level “All” are never blocked.")
