from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_persian_digits = fields.Boolean(
        "Persian digits",
        help="Numbers, amounts and dates of the web client are shown with Persian digits "
             "(۱٬۲۳۴٫۵) to the users who read Persian. Typed numbers may use Persian or Latin "
             "digits; stored values do not change.")
