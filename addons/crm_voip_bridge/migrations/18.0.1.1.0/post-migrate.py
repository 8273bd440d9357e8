from odoo.addons.crm_voip_bridge.lib import cdr


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
    _sequence_legs_of_tables_without_sequence(cr)


def _sequence_legs_of_tables_without_sequence(cr):
    """Rows of a table without ``sequence`` were stored with sequence 0; they now get one
    from their content (lib/cdr.py ``content_sequence``), so the first lookback and the
    nightly re-read after the upgrade would not recognise them and store them again. Those
    legs get the sequence their row gets now, from the columns they hold.

    A table with the column is told by its legs: Asterisk numbers its CDRs one after the
    other, so its legs are not all 0 (and its legs with a real 0 keep it)."""
    cr.execute("""
        SELECT l.id, l.calldate, l.channel, l.dstchannel, l.lastapp, l.disposition, l.duration,
               l.billsec, l.dst
          FROM crm_call_leg l
          JOIN crm_cdr_source s ON s.id = l.source_id
         WHERE s.kind IN ('mysql', 'pgsql') AND l.sequence = 0
           AND NOT EXISTS (SELECT 1 FROM crm_call_leg o
                            WHERE o.source_id = l.source_id AND o.sequence <> 0)
    """)
    legs = cr.dictfetchall()
    if legs:
        cr.execute("""
            UPDATE crm_call_leg l SET sequence = v.sequence
              FROM unnest(%s::int[], %s::int[]) AS v(id, sequence)
             WHERE l.id = v.id
        """, ([leg["id"] for leg in legs], [cdr.content_sequence(leg) for leg in legs]))
