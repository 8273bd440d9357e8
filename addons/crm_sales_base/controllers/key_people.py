from odoo import http
from odoo.http import request

from ..models.key_people import KEY_PEOPLE_FILENAME


class KeyPeopleController(http.Controller):
    @http.route("/sales_panel/key_people.xlsx", type="http", auth="user")
    def key_people(self):
        """F23: every company the user may see, with its key people, as one spreadsheet."""
        user = request.env.user
        if not user.has_group("crm_sales_base.group_section_key_people"):
            return request.not_found()
        content = request.env["res.partner"]._sales_panel_key_people_xlsx()
        return request.make_response(content, headers=[
            ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", http.content_disposition(KEY_PEOPLE_FILENAME)),
        ])
