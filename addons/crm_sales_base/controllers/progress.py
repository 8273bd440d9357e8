from odoo import http
from odoo.http import request


class ProgressController(http.Controller):
    @http.route("/sales_panel/progress/<int:progress_id>/file", type="http", auth="user")
    def progress_file(self, progress_id):
        """The file a background job built (a large export): for the person who asked for it
        only, whoever else may see the job."""
        progress = request.env["sales.panel.progress"].sudo().browse(progress_id).exists()
        if not progress or progress.user_id != request.env.user or not progress.has_file:
            return request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(progress, "file", filename=progress.file_name)
        return stream.get_response(as_attachment=True)
