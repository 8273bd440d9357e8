import datetime
import re

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.redact import redact

from ..lib.dial import DialRules

# The PostgreSQL channel the live-call service listens on.
SERVICE_CHANNEL = "sales_panel_pbx"

CONNECTION_STATES = [
    ("stopped", "Service not running"),
    ("connecting", "Connecting"),
    ("connected", "Connected"),
    ("login_refused", "Login refused"),
    ("unreachable", "Unreachable"),
    ("error", "Error"),
]
# The live-call service writes its heartbeat this often (seconds); a server whose heartbeat
# is older than HEARTBEAT_LIMIT is shown and treated as "Service not running" whatever its
# last state said (a killed service cannot say it stopped).
HEARTBEAT_INTERVAL = 30
HEARTBEAT_LIMIT = 3 * HEARTBEAT_INTERVAL
# Fields whose change makes the service connect again.
CONNECTION_FIELDS = ("active", "host", "port", "username", "secret", "tls", "company_id")


class CrmPbxServer(models.Model):
    """The company's Asterisk as the live-call service (``odoo-bin sales-panel-pbx``) reaches
    it over AMI: connection settings (system administrators), how click-to-call dials, and
    the state the service reports."""

    _name = "crm.pbx.server"
    _description = "PBX server (live calls)"
    _order = "company_id, name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    host = fields.Char(groups="base.group_system", help="Address of the PBX's manager interface (AMI).")
    port = fields.Integer(groups="base.group_system", default=5038,
                          help="5038 for AMI, usually 5039 with TLS.")
    username = fields.Char("AMI user", groups="base.group_system",
                           help="The [section] of the PBX's manager.conf the suite logs in with.")
    secret = fields.Char("AMI secret", groups="base.group_system")
    tls = fields.Boolean("TLS", groups="base.group_system",
                         help="Connect with TLS (manager.conf: tlsenable = yes).")
    has_secret = fields.Boolean("Secret set", compute="_compute_has_secret")
    cdr_source_id = fields.Many2one(
        "crm.cdr.source", "CDR source of this PBX", ondelete="set null",
        domain="[('company_id', '=', company_id)]",
        help="The CDR source that later brings the record of the calls seen live: both are "
        "one call (same linked ID), completed by the sync. Empty: the company's only active "
        "source, if it has one.")
    # Click-to-call: the agent's own device rings first, then the PBX dials the customer.
    device_template = fields.Char(
        "Agent device", required=True, default="PJSIP/{extension}",
        help="The channel that rings the agent's phone first, {extension} being the user's "
        "extension, e.g. PJSIP/{extension}, SIP/{extension} or Local/{extension}@from-internal.")
    dial_context = fields.Char(
        "Dial context", required=True, default="from-internal",
        help="Dial plan context in which the customer's number is dialled once the agent "
        "answers (FreePBX/Issabel: from-internal).")
    national_prefix = fields.Char(
        "National prefix", default="0", help="Dialled before a number of the PBX's own country (trunk prefix).")
    international_prefix = fields.Char("International prefix", default="00", help="Dialled before a foreign number.")
    outside_prefix = fields.Char(
        "Outside line prefix", help="Dialled before every outside number, when the PBX needs "
        "one to take an outside line (e.g. 9).")
    extension_digits = fields.Integer(
        "Extension length", default=5,
        help="A number this long or shorter is an extension of the PBX, dialled as it is.")
    originate_timeout = fields.Integer(
        "Ring the agent for (s)", default=30,
        help="How long the agent's phone rings before click-to-call gives up.")
    # Written by the service.
    state = fields.Selection(CONNECTION_STATES, "Connection", default="stopped", readonly=True,
                             copy=False)
    state_date = fields.Datetime("Connection state since", readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    last_event_date = fields.Datetime("Last event", readonly=True, copy=False)
    heartbeat_date = fields.Datetime(
        "Service seen", readonly=True, copy=False,
        help="When the live-call service last said it runs (every 30 seconds).")
    service_state = fields.Selection(
        CONNECTION_STATES, "Status", compute="_compute_service_state", search="_search_service_state",
        help="The connection as the live-call service reports it; \"Service not running\" when the "
        "service has not been seen for 90 seconds (stopped, killed or its host down).")
    extension_ids = fields.One2many("crm.pbx.extension", "server_id", "Extensions")

    _sql_constraints = [
        ("originate_timeout_positive", "CHECK(originate_timeout > 0)",
         "The agent's phone must ring for at least a second."),
    ]

    @api.depends_context("uid")
    def _compute_has_secret(self):
        for server, sudo in zip(self, self.sudo(), strict=True):
            server.has_secret = bool(sudo.secret)

    @api.model
    def _sales_panel_heartbeat_limit(self):
        return fields.Datetime.now() - datetime.timedelta(seconds=HEARTBEAT_LIMIT)

    @api.depends("state", "heartbeat_date")
    def _compute_service_state(self):
        limit = self._sales_panel_heartbeat_limit()
        for server in self:
            alive = server.heartbeat_date and server.heartbeat_date >= limit
            server.service_state = server.state if alive else "stopped"

    def _search_service_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the PBX status."))
        values = {value} if operator in ("=", "!=") else set(value or ())
        if operator in ("!=", "not in"):
            values = {key for key, _label in CONNECTION_STATES} - values
        limit = self._sales_panel_heartbeat_limit()
        domain = [("heartbeat_date", ">=", limit), ("state", "in", list(values - {"stopped"}))]
        if "stopped" in values:
            domain = expression.OR([domain, [("state", "=", "stopped")], [("heartbeat_date", "=", False)],
                                    [("heartbeat_date", "<", limit)]])
        return domain

    @api.constrains("active", "company_id")
    def _check_one_per_company(self):
        # Extensions are numbered per company (res.users): one PBX per company says whose
        # phone rang.
        for server in self.filtered("active"):
            if self.search_count([("company_id", "=", server.company_id.id), ("active", "=", True)]) > 1:
                raise ValidationError(_("A company has one active PBX server for live calls."))

    @api.constrains("device_template")
    def _check_device_template(self):
        for server in self:
            if "{extension}" not in server.device_template:
                raise ValidationError(_("The agent device must hold {extension}."))
            # One device in the Originate's Channel: "&" would ring a second one, "," pass
            # Dial options, a space or line break break the action.
            if re.search(r"[\s&,]", server.device_template):
                raise ValidationError(_("The agent device is one channel: no spaces, & or commas."))

    @api.constrains("dial_context", "national_prefix", "international_prefix", "outside_prefix")
    def _check_dial_settings(self):
        # These go into an AMI action: no line breaks (a second header), digits where digits.
        for server in self:
            if any(c in (server.dial_context or "") for c in "\r\n ,"):
                raise ValidationError(_("The dial context is a plain name of the dial plan."))
            for prefix in (server.national_prefix, server.international_prefix, server.outside_prefix):
                if prefix and not all(c in "0123456789*#" for c in prefix):
                    raise ValidationError(_("Dial prefixes hold digits, * and # only."))

    def write(self, vals):
        result = super().write(vals)
        if set(CONNECTION_FIELDS) & set(vals):
            # The service connects again with the new settings at once (it also re-reads
            # them every minute); PostgreSQL delivers the notification at commit only.
            notify_service(self.env.cr, "servers")
        return result

    def _sales_panel_dial_rules(self):
        self.ensure_one()
        return DialRules(
            region=self.company_id.sales_panel_phone_country_id.code or "IR",
            national_prefix=self.national_prefix or "",
            international_prefix=self.international_prefix or "",
            outside_prefix=self.outside_prefix or "",
            extension_digits=self.extension_digits or 0,
        )

    def _sales_panel_cdr_source(self):
        """The CDR source whose records complete the calls seen live on this PBX."""
        self.ensure_one()
        if self.cdr_source_id:
            return self.cdr_source_id
        sources = self.env["crm.cdr.source"].sudo().search([("company_id", "=", self.company_id.id)])
        return sources if len(sources) == 1 else sources.browse()

    def _sales_panel_set_state(self, state, detail="", warning=False):
        """What the service reports (superuser): stored only when it changes, so that a PBX
        refusing the login at every retry writes once, not a row per attempt. ``warning``: a
        "connected" whose ``detail`` is kept in last_error. Returns whether it changed."""
        self.ensure_one()
        server = self.sudo()
        if state == "connecting" and server.state in ("login_refused", "unreachable", "error"):
            return False  # a retry: the reason it failed stays on screen until it connects
        if state == "stopped":
            error = False
        elif state == "connected":
            # Connected with a warning (the channel re-read refused: calls could stay
            # "ringing"), or without: the last failure is over.
            error = redact(detail, [server.secret, server.username]) if warning and detail else False
        else:
            error = redact(detail, [server.secret, server.username]) if detail else server.last_error
        if server.state == state and (server.last_error or False) == (error or False):
            return False
        now = fields.Datetime.now()
        # A state reported is the service alive (the heartbeat of a stopped one stays).
        values = {"state": state, "state_date": now, "last_error": error}
        if state != "stopped":
            values["heartbeat_date"] = now
        server.write(values)
        return True

    def _sales_panel_heartbeat(self):
        """The live-call service runs (superuser, every HEARTBEAT_INTERVAL seconds)."""
        self.sudo().write({"heartbeat_date": fields.Datetime.now()})

    def _sales_panel_end_live_calls(self, live_linkedids):
        """Calls of this server stored as ringing or talking that the PBX no longer lists
        (its first channel re-read of a session): they ended while nobody listened (the
        service was stopped, the connection down) and would stay live forever. Ended now
        (superuser: the service). Returns them."""
        self.ensure_one()
        calls = self.env["crm.call"].sudo().search([
            ("pbx_server_id", "=", self.id), ("live_state", "!=", False),
            ("linkedid", "not in", list(live_linkedids))])
        now = fields.Datetime.now()
        unended = calls.filtered(lambda call: not call.end_date)
        for call in calls:
            values = {"live_state": False, "end_date": call.end_date or now}
            if call.answer_date and not call.end_date:
                values["disposition"] = "answered"
            if "ringing_user_ids" in call._fields:
                values["ringing_user_ids"] = [Command.clear()]
            call.write(values)
        unended._sales_panel_on_call_ended()
        return calls


def notify_service(cr, payload):
    """Wake the live-call service (it LISTENs on this channel); sent at commit."""
    cr.execute(SQL("SELECT pg_notify(%s, %s)", SERVICE_CHANNEL, payload))
