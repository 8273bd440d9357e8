"""The manager report's spreadsheet built in the background past the company's size
(issue 22): long ranges over many calls keep the browser waiting otherwise."""

import datetime

from odoo import _, models

from odoo.addons.crm_sales_base.lib import calendar

from .crm_alert_report import FIRST_DAY, LAST_DAY


class CrmAlertReport(models.TransientModel):
    _inherit = "crm.alert.report"

    def action_download_xlsx(self):
        """Past the company's size (calls of the range the user sees), the file is built by
        the exports' cron and its user told when it is ready; smaller ones at once."""
        self.ensure_one()
        self.check_access("write")  # supervisors and managers, on their own form only
        if not self.env.company._sales_panel_in_background(self._sales_panel_size()):
            return super().action_download_xlsx()
        self._check_dates()
        return self.env["sales.panel.progress"]._sales_panel_queue_export(
            _("Sales Panel report"), self, "_sales_panel_background_xlsx", self._sales_panel_xlsx_filename())

    def _sales_panel_size(self):
        """The calls of the range the user may see: what the report's work grows with."""
        tz_name = self.env.company._sales_panel_calendar()[0]
        date_from, date_to = max(self.date_from, FIRST_DAY), min(self.date_to, LAST_DAY)
        start, stop = calendar.utc_bounds(date_from, date_to + datetime.timedelta(days=1), tz_name)
        return self.env["crm.call"].search_count([("start_date", ">=", start), ("start_date", "<", stop)])

    def _sales_panel_background_xlsx(self, job=None):
        """The report's lines computed and written as the background job (as its user)."""
        self._sales_panel_fill()
        return self._sales_panel_xlsx()
