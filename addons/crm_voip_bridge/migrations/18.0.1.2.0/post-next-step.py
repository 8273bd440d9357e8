def migrate(cr, version):
    """Events (T8) keep their history: done calls, emails and meetings are archived, not
    deleted (what data/mail_activity_type_data.xml sets on a new install), and activities
    already kept as done get the done state."""
    if not version:
        return
    cr.execute("""
        UPDATE mail_activity_type SET keep_done = TRUE
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'mail' AND model = 'mail.activity.type'
                         AND name IN ('mail_activity_data_call', 'mail_activity_data_email',
                                      'mail_activity_data_meeting'))
    """)
    cr.execute("UPDATE mail_activity SET sales_panel_state = 'done' WHERE NOT active")
