def uninstall_hook(env):
    # The index crm_alerts added to a table it does not own (see models/res_partner.py).
    env.cr.execute("DROP INDEX IF EXISTS res_partner_create_uid_date_idx")
