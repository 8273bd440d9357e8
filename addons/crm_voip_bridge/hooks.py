from odoo.addons.crm_sales_base.hooks import keep_tracking


def uninstall_hook(env):
    # The chatter of the Sales Panel rules keeps this module's changes (crm_sales_base/hooks.py).
    keep_tracking(env, ("sales.panel.rules",), module="crm_voip_bridge")
