from odoo import http
from odoo.http import request

from ..lib import phone


class PhoneRulesController(http.Controller):
    @http.route("/sales_panel/phone_rules/<int:calling_code>", type="http", auth="user", methods=["GET"])
    def sales_panel_phone_rules(self, calling_code):
        """How the numbers of the country calling code ``calling_code`` are written
        (phonenumbers' public metadata, lib/phone.py ``format_rules``), for the web client's
        formatter of foreign numbers; {} for a code that does not exist. The session brings
        the company's country only: the rest comes when a number of that country is shown,
        and the browser keeps it for a day."""
        rules = phone.format_rules(calling_code=str(calling_code)) if str(calling_code) in phone.CALLING_CODES else {}
        return request.make_json_response(rules, headers=[("Cache-Control", "private, max-age=86400")])
