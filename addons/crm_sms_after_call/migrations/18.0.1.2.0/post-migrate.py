from odoo.tools import SQL, parse_version


def migrate(cr, version):
    if not version:
        return
    if parse_version(version) < parse_version("18.0.1.1.0"):
        # Before 18.0.1.1.0 an HTTP gateway with no success pattern took any non-empty 2xx
        # answer as "sent"; the default pattern would now make their every answer unknown.
        cr.execute(SQL(
            """UPDATE res_company SET sms_http_success_pattern = %s
                WHERE sms_provider = 'http' AND COALESCE(sms_http_success_pattern, '') = ''""",
            r"\S"))
    # Trackers of SMS sent before they carried their company and gateway: delivery
    # reports match them within these (issue 15).
    cr.execute(SQL(
        """UPDATE sms_tracker t
              SET sms_company_id = COALESCE(t.sms_company_id, s.company_id),
                  sms_provider = COALESCE(t.sms_provider, s.sms_provider)
             FROM sms_sms s
            WHERE s.uuid = t.sms_uuid
              AND (t.sms_company_id IS NULL OR t.sms_provider IS NULL)"""))
