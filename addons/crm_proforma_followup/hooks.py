from odoo.addons.crm_sales_base.hooks import keep_tracking


def post_init_hook(env):
    """Existing companies block their agents from the start, as new ones do by default."""
    agents = env.ref("crm_sales_base.group_agent")
    env["res.company"].search([]).write({"sales_panel_blocked_group_ids": [(4, agents.id)]})


def uninstall_hook(env):
    # The chatter of the Sales Panel rules keeps this module's changes (crm_sales_base/hooks.py).
    keep_tracking(env, ("sales.panel.rules",), module="crm_proforma_followup")
    # The index this module added to a table it does not own (see models/sale_order.py).
    env.cr.execute("DROP INDEX IF EXISTS sale_order_open_partner_idx")
