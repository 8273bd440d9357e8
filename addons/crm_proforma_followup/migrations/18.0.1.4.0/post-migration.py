"""#18: the blocked groups' default is the quotations section (everyone whose role opens the
quotations), no longer the Agent group. Companies that kept the former default follow the
sections; a choice of other groups is left as it is."""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    agent = env.ref("crm_sales_base.group_agent", raise_if_not_found=False)
    section = env.ref("crm_sales_base.group_section_quotations", raise_if_not_found=False)
    if not (agent and section):
        return
    companies = env["res.company"].with_context(active_test=False).search([])
    companies.filtered(lambda c: c.sales_panel_blocked_group_ids == agent).write(
        {"sales_panel_blocked_group_ids": [Command.set(section.ids)]})
