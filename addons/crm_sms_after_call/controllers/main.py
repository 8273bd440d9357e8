import hmac
import logging
import re

from odoo.http import Controller, request, route

from ..lib import providers

_logger = logging.getLogger(__name__)


class MaskReportToken(logging.Filter):
    """The access log (werkzeug's logger) writes each request's path, and the delivery
    report URL holds the company's token, which is the gateway's password: masked there
    like the other secrets (issue 15)."""

    PATH = re.compile(r"(/sms_after_call/report/\d+/)[^/\s?\"]+")

    def filter(self, record):
        # werkzeug formats the request line into the message; others may pass it as an arg.
        if isinstance(record.msg, str):
            record.msg = self.PATH.sub(r"\1***", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self.PATH.sub(r"\1***", arg) if isinstance(arg, str) else arg
                                for arg in record.args)
        return True


_access_log = logging.getLogger("werkzeug")
# Once per process, whatever reloads this module.
if not any(type(f).__name__ == MaskReportToken.__name__ for f in _access_log.filters):
    _access_log.addFilter(MaskReportToken())

# Names the providers give the message id and its status in their reports.
ID_KEYS = ("messageid", "message_id", "msgid", "id")
STATUS_KEYS = ("status", "state", "stat")
# Our own id of the SMS, when the gateway reports it back (``{uid}`` in the URL template,
# Kavenegar's ``localid``): settles an SMS whose send got no answer.
LOCAL_KEYS = ("localid", "local_id", "uid")


class SmsDeliveryReport(Controller):
    """Delivery reports of a company's gateway (Kavenegar posts ``messageid`` and
    ``status``; HTTP gateways as query string, form or JSON). The URL carries the company's
    secret token: anyone else is answered 403 and changes nothing."""

    @route("/sms_after_call/report/<int:company_id>/<string:token>", type="http", auth="public",
           methods=["GET", "POST"], csrf=False, save_session=False)
    def delivery_report(self, company_id, token, **params):
        company = request.env["res.company"].sudo().browse(company_id).exists()
        expected = company.sms_callback_token if company else ""
        if not expected or not hmac.compare_digest(expected.encode(), token.encode()):
            return request.make_response("Forbidden", status=403)
        if not params and request.httprequest.data:
            params = providers.parse_json(request.httprequest.get_data(as_text=True))
        message_id = next((str(params[k]) for k in ID_KEYS if params.get(k)), "")
        local_id = next((str(params[k]) for k in LOCAL_KEYS if params.get(k)), "")
        status = next((str(params[k]) for k in STATUS_KEYS if params.get(k) not in (None, "")), "")
        if not (message_id or local_id) or not status:
            return request.make_response("Bad report: a message id and a status are needed", status=400)
        found = request.env["sms.sms"].sudo()._sales_panel_delivery_report(
            company, message_id, status, local_id=local_id)
        if not found:
            _logger.info("Delivery report of unknown message %s (company %s)", message_id, company.id)
        return request.make_response("OK")
