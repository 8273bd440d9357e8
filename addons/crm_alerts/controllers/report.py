from odoo import http
from odoo.http import content_disposition, request

from ..models.crm_alert_report import XLSX_MIMETYPE


class SalesPanelReportController(http.Controller):
    """The report's spreadsheet, made on the fly for the user who owns the report form."""

    @http.route("/crm_alerts/report/<int:report_id>/xlsx", type="http", auth="user")
    def sales_panel_report_xlsx(self, report_id):
        report = request.env["crm.alert.report"].browse(report_id).exists()
        if not report:
            return request.not_found()
        report.check_access("read")  # record rule: own forms only; AccessError is a 403
        content = report._sales_panel_xlsx()
        return request.make_response(content, headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(report._sales_panel_xlsx_filename())),
        ])
