def migrate(cr, version):
    """sale_order_date_order_user_idx now starts with the salesperson (hooks.INDEXES): dropped
    here, created again with its new columns by SaleOrder.init()."""
    cr.execute("DROP INDEX IF EXISTS sale_order_date_order_user_idx")
