import datetime

from odoo import api, fields, models


class CrmCdrSyncLog(models.Model):
    """One run of a CDR source's sync: what it read and stored, or why it failed."""

    _name = "crm.cdr.sync.log"
    _description = "CDR sync run"
    _order = "id desc"

    source_id = fields.Many2one("crm.cdr.source", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="source_id.company_id")
    kind = fields.Selection(
        [("regular", "Regular"), ("reconcile", "Nightly re-read"), ("backfill", "History import")],
        required=True, default="regular",
        help="Nightly re-read: the rows of the source's last days read again, for rows that came "
        "later than the lookback. History import: a slice of the table's history (History from/to).",
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed"), ("stopped", "Stopped")],
        required=True, default="running", index=True,
    )
    start_date = fields.Datetime(default=fields.Datetime.now, required=True)
    end_date = fields.Datetime()
    rows_read = fields.Integer()
    rows_total = fields.Integer("Rows to read", help="The table's rows in the run's range when it started.")
    rows_per_second = fields.Float("Rows per second", digits=(16, 0))
    calls_created = fields.Integer()
    calls_updated = fields.Integer()
    rows_skipped = fields.Integer()
    skip_reasons = fields.Text()
    file_restarted = fields.Boolean(
        "Master.csv read from its start",
        help="The file was rotated or truncated since the run before: it was read again from its "
        "start (rows already stored are recognised and skipped).")
    errors = fields.Text(help="Why the run stopped (without the source's secrets).")

    @api.model
    def _cron_prune(self):
        """Runs older than their company's retention (Settings → Sales Panel → Calls) go."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([("sales_panel_cdr_log_days", ">", 0)]):
            limit = now - datetime.timedelta(days=company.sales_panel_cdr_log_days)
            self.with_context(active_test=False).search([
                ("source_id.company_id", "=", company.id), ("start_date", "<", limit),
            ]).unlink()
