import datetime
import itertools

from odoo import fields

from odoo.addons.crm_sales_base.tests.common import SalesPanelCase

from .gateway import Gateway

_linkedids = itertools.count(1)


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
        call._sales_panel_on_call_ended()
        return call

    def record_of(self, call):
        return self.env["crm.sms.after.call"].search([("call_id", "=", call.id)])

    def run_queue(self, minutes_later=0, at=None):
        """The queue cron, as if run ``minutes_later`` from now (or ``at``)."""
        moment = at or fields.Datetime.now() + datetime.timedelta(minutes=minutes_later)
        self.env["sms.sms"].with_context(sms_after_call_now=moment)._process_queue()
        self.env.invalidate_all()
