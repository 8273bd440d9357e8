def uninstall_hook(env):
    # The indexes crm_alerts added to tables it does not own (models/res_partner.py,
    # models/mail_activity.py).
    env.cr.execute("DROP INDEX IF EXISTS res_partner_create_uid_date_idx")
    env.cr.execute("DROP INDEX IF EXISTS mail_activity_user_deadline_idx")
