def migrate(cr, version):
    """Sync runs got a state and sources their last successful sync: filled in from the runs
    stored before (the new column's default would show them all running)."""
    cr.execute("""
        UPDATE crm_cdr_sync_log
           SET state = CASE WHEN coalesce(errors, '') = '' AND end_date IS NOT NULL THEN 'done'
                            ELSE 'failed' END
    """)
    cr.execute("""
        UPDATE crm_cdr_source s
           SET last_success_date = l.end_date
          FROM (SELECT source_id, max(end_date) AS end_date FROM crm_cdr_sync_log
                 WHERE state = 'done' GROUP BY source_id) l
         WHERE l.source_id = s.id
    """)
