from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_call_list_max_held = fields.Integer(
        "Numbers an agent holds at once", default=20,
        help="Numbers of call lists an agent may hold not yet called (taken with Next call or "
             "assigned to them). Call-backs do not count.")
    sales_panel_call_list_release = fields.Boolean(
        "Release numbers not called at the end of the day", default=True,
        help="Every night, numbers agents took or were given and did not call go back to their list's pool.")
