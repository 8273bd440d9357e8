from odoo.addons.crm_sales_base.hooks import drop_indexes, keep_tracking

# Indexes this module adds to sale_order (a table it does not own), created by
# models/sale_order.py and dropped on uninstall: {name: (table, columns and predicate)}.
INDEXES = {
    # A customer's open quotations, looked up for every answered call the CDR sync stores
    # (crm_call.py), without visiting the customer's decided orders.
    "sale_order_open_partner_idx": ("sale_order", "(partner_id, create_date) WHERE state IN ('draft', 'sent')"),
    # The quotation list, newest first (stock's order), of a user of stock's "own documents"
    # rule (the salesperson is the user or nobody): SaleOrder.search_fetch/search_count read
    # the user's quotations and the unassigned ones each from this index in the list's order
    # (PostgreSQL cannot walk one index in date order for the rule's OR: it walked every
    # quotation by date and tested each one's salesperson). The company of the record rules
    # is in the index, so the page's ids and the count come from the index alone.
    "sale_order_date_order_user_idx": ("sale_order", "(user_id, date_order DESC, id DESC) INCLUDE (company_id)"),
    # The chase list (action_chase_list, the agent home), largest first: an agent's
    # quotations still to chase in the list's order, the record rules' company in the index.
    "sale_order_chase_idx": (
        "sale_order", "(user_id, amount_total DESC, id) INCLUDE (company_id) "
        "WHERE state IN ('draft', 'sent') OR (state = 'cancel' AND lost_reason_id IS NULL)"),
}


def post_init_hook(env):
    """Existing companies block who sells (the quotations section) from the start, as new
    ones do by default: the installed value, not a manager's change (nothing in the rules'
    change log)."""
    sellers = env.ref("crm_sales_base.group_section_quotations")
    env["res.company"].with_context(tracking_disable=True).search([]).write(
        {"sales_panel_blocked_group_ids": [(4, sellers.id)]})


def uninstall_hook(env):
    # The chatter of the Sales Panel rules keeps this module's changes (crm_sales_base/hooks.py).
    keep_tracking(env, ("sales.panel.rules",), module="crm_proforma_followup")
    drop_indexes(env, INDEXES)
