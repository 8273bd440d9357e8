import datetime
import itertools
from unittest.mock import patch

import requests

from odoo import fields
from odoo.tests import common as odoo_common
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.crm_sales_base.tests.common import SalesPanelCase

from .gateway import Gateway

_linkedids = itertools.count(1)


def real_requests():
    """Odoo's tests block requests to any host but 127.0.0.1 (answering a ConnectionError
    of their own): this lets a request leave for real, to a ``.invalid`` name that no
    resolver knows (RFC 6761), so that the failure is a real DNS failure."""
    return patch.object(requests.Session, "send", odoo_common._super_send)


class SmsCase(SalesPanelCase):
    """The company sends through a Kavenegar-like gateway on loopback; no quiet hours
    unless a test sets them, so that the result does not depend on the time of the run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Reasons and texts are checked in English, whatever languages the database has.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.gateway = Gateway().start()
        cls.addClassCleanup(cls.gateway.stop)
        cls.company = cls.env.company
        cls.company.write({
            "sms_provider": "kavenegar", "sms_kavenegar_api_key": "good-key",
            "sms_kavenegar_url": cls.gateway.url, "sms_sender": "10004346",
            "sms_quiet_start": 0.0, "sms_quiet_end": 0.0, "sms_min_talk_seconds": 0,
            "sales_panel_timezone": "Asia/Tehran",
        })
        cls.kinds = cls.env["crm.sms.kind"]._for_company(cls.company)
        cls.contact = cls.env["res.partner"].create({
            "name": "Ali Rezaei", "mobile": "0912 123 4567", "user_id": cls.agent_a1.id,
            "country_id": cls.env.ref("base.ir").id,
        })

    def setUp(self):
        super().setUp()
        self.gateway.modes, self.gateway.default = [], "ok"
        self.gateway.received.clear()
        self.gateway.delivered.clear()
        self.gateway.local_ids.clear()

    def make_call(self, partner=None, talk=60, disposition="answered", direction="incoming", agent=None):
        now = fields.Datetime.now()
        call = self.env["crm.call"].create({
            "linkedid": f"t-{next(_linkedids)}", "partner_id": (partner or self.contact).id,
            "user_id": (agent or self.agent_a1).id, "team_id": self.team_a.id,
            "direction": direction, "disposition": disposition,
            "start_date": now - datetime.timedelta(seconds=talk + 10), "end_date": now,
            "talk_seconds": talk, "number_e164": (partner or self.contact).mobile_e164,
        })
        self.end_calls(call)
        return call

    def end_calls(self, calls):
        """The hook as the CDR sync calls it, then the deciding job it triggers (which runs
        after the sync's batch is committed)."""
        calls._sales_panel_on_call_ended()
        self.decide()
        return calls

    def decide(self):
        return self.env["crm.sms.after.call"]._sales_panel_decide_pending()

    def record_of(self, call):
        return self.env["crm.sms.after.call"].search([("call_id", "=", call.id)])

    def run_queue(self, minutes_later=0, at=None, **context):
        """The queue cron, as if run ``minutes_later`` from now (or ``at``)."""
        moment = at or fields.Datetime.now() + datetime.timedelta(minutes=minutes_later)
        self.env["sms.sms"].with_context(sms_after_call_now=moment, **context)._process_queue()
        self.env.invalidate_all()

    def sms_of(self, record):
        return self.env["sms.sms"].search([("uuid", "=", record.sms_uuid)])


class RpcMixin:
    """JSON-RPC calls as a given user, through the web client's door (an HttpCase's)."""

    def rpc(self, user, model, method, args=(), kwargs=None):
        """The call's result, or the exception's class path when it was refused."""
        self.authenticate(user.login, user.login)
        try:
            with mute_logger("odoo.http"):
                return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                    "model": model, "method": method, "args": list(args), "kwargs": kwargs or {}})
        except JsonRpcException as error:
            return f"refused: {error}"
        finally:
            self.env.invalidate_all()
