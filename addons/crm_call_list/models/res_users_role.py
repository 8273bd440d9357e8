from odoo import models

from odoo.addons.crm_sales_base.models.res_users_role import section_field


class ResUsersRole(models.Model):
    _inherit = "res.users.role"

    sales_panel_section_call_lists = section_field("crm_call_list.group_section_call_lists", "Call lists")
