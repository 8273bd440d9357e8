def post_init_hook(env):
    """Existing contacts get the "None" cooperation type (F16)."""
    none = env.ref("crm_sales_base.cooperation_type_none")
    env["res.partner"].with_context(active_test=False).search(
        [("cooperation_type_id", "=", False)]
    ).write({"cooperation_type_id": none.id})
