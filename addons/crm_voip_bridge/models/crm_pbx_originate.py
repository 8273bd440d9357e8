import datetime

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# A request sent to the PBX is given up this long after the agent's phone stopped ringing
# (originate_timeout) when no answer came back: the OriginateResponse or the call's events
# got lost (connection dropped, events filtered), and the user would wait forever.
ANSWER_GRACE = 30

ORIGINATE_STATES = [
    ("queued", "Queued"),
    ("ringing", "Ringing"),
    ("answered", "Answered"),
    ("failed", "Failed"),
]
# AMI OriginateResponse's Reason (Asterisk's AST_CONTROL_* of the first channel).
ORIGINATE_REASONS = {
    "0": _lt("The agent's phone is not reachable (not registered, or no such device)."),
    "1": _lt("The agent's phone hung up."),
    "3": _lt("The agent's phone rang without an answer."),
    "5": _lt("The agent's phone is busy."),
    "8": _lt("The PBX could not reach the agent's phone (congestion)."),
}


class CrmPbxOriginate(models.Model):
    """A click-to-call request: made by ``crm.call.sales_panel_dial`` for the user's own
    extension, sent to the PBX by the live-call service (AMI Originate), followed up to
    answered or failed."""

    _name = "crm.pbx.originate"
    _description = "Click-to-call request"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True, ondelete="cascade")
    server_id = fields.Many2one("crm.pbx.server", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one(related="server_id.company_id", store=True)
    extension = fields.Char(required=True, readonly=True)
    number = fields.Char(required=True, readonly=True, help="The number as it was clicked.")
    number_e164 = fields.Char("Number (E.164)", readonly=True)
    dial_number = fields.Char("Number dialled", required=True, readonly=True, help="What the PBX dials.")
    res_model = fields.Char("Called from (model)", readonly=True)
    res_id = fields.Many2oneReference("Called from (record)", model_field="res_model", readonly=True)
    state = fields.Selection(ORIGINATE_STATES, required=True, default="queued", readonly=True)
    reason = fields.Char(readonly=True, help="Why the call failed.")
    sent_date = fields.Datetime("Sent to the PBX", readonly=True)
    uniqueid = fields.Char("Channel unique ID", readonly=True, index="btree_not_null")
    call_id = fields.Many2one("crm.call", readonly=True, ondelete="set null")

    def _sales_panel_progress(self, state, reason=""):
        """Move the request on (superuser: the service) and tell the user's browsers."""
        for request in self.sudo():
            if request.state in ("answered", "failed") or (request.state == state and not reason):
                continue
            if reason and not isinstance(reason, str):  # a lazy translation: the user's language
                reason = request.with_context(lang=request.user_id.lang).env._(reason)
            request.write({"state": state, "reason": reason or False})
            request._sales_panel_send()

    @api.model
    def _sales_panel_fail_unanswered(self, now=None):
        """Requests sent to the PBX (queued or ringing) that heard nothing back within the
        server's originate timeout + ANSWER_GRACE seconds, and whose call is not live:
        failed (superuser: the service). Returns them."""
        now = now or fields.Datetime.now()
        sent = self.sudo().search([("state", "in", ("queued", "ringing")), ("sent_date", "!=", False),
                                   ("sent_date", "<", now - datetime.timedelta(seconds=ANSWER_GRACE))])
        stale = sent.filtered(lambda request: not request.call_id.live_state and request.sent_date < now
                              - datetime.timedelta(seconds=request.server_id.originate_timeout + ANSWER_GRACE))
        stale._sales_panel_progress("failed", _lt("The PBX did not say what became of the call in time."))
        return stale

    def _sales_panel_send(self):
        for request in self.sudo():
            request.user_id.partner_id._bus_send("sales_panel/dial", {
                "request_id": request.id, "state": request.state, "reason": request.reason or "",
                "number": request.number, "call_id": request.call_id.id or False,
            })
