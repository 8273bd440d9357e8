from odoo import models

from odoo.addons.crm_sales_base.models.res_users_role import section_field


class ResUsersRole(models.Model):
    _inherit = "res.users.role"

    sales_panel_section_plan = section_field("crm_agent_plan.group_section_plan", "Plan")
