import datetime

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import format_amount

from odoo.addons.crm_voip_bridge.lib.cdr import Leg

from .common import SmsCase


@tagged("post_install", "-at_install")
class TestAfterCall(SmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Steel sheet", "list_price": 1_250_000})

    def new_contact(self, name, tier="none", **values):
        return self.env["res.partner"].create(dict(
            {"name": name, "mobile": "09351112233", "user_id": self.agent_a1.id, "tier": tier}, **values))

    def order(self, partner):
        return self.env["sale.order"].create({
            "partner_id": partner.id, "user_id": self.agent_a1.id,
            "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 2})],
        })

    def kind_of(self, call):
        record = self.record_of(call)
        self.assertEqual(len(record), 1)
        return record.kind

    def test_tiers(self):
        for tier in ("gold", "silver", "bronze"):
            call = self.make_call(self.new_contact(f"{tier} contact", tier))
            self.assertEqual(self.kind_of(call), tier)
            self.assertEqual(self.record_of(call).state, "queued")
        employee = self.new_contact("Employee", parent_id=self.new_contact("Gold Co", "gold", is_company=True).id)
        self.assertEqual(self.kind_of(self.make_call(employee)), "gold", "the company's tier")
        nobody = self.make_call(self.new_contact("No tier"))
        self.assertEqual((self.record_of(nobody).state, self.record_of(nobody).kind), ("skipped", False))

    def test_became_a_customer_beats_the_tier(self):
        partner = self.new_contact("New customer", "gold")
        self.order(partner).action_confirm()
        self.assertEqual(self.kind_of(self.make_call(partner)), "new_customer")
        # A customer whose first order is older is not new today.
        old = self.new_contact("Old customer", "silver")
        first = self.order(old)
        first.action_confirm()
        first.date_order = fields.Datetime.now() - datetime.timedelta(days=40)
        self.order(old).action_confirm()
        self.assertEqual(self.kind_of(self.make_call(old)), "silver")

    def test_quotation_sent_beats_everything(self):
        partner = self.new_contact("Busy customer", "gold")
        self.order(partner).action_confirm()
        quotation = self.order(partner)
        quotation.action_quotation_sent()
        self.assertEqual(quotation.state, "sent")
        call = self.make_call(partner)
        record = self.record_of(call)
        self.assertEqual(record.kind, "quotation_sent")
        self.assertIn(quotation.name, record.body)
        self.assertIn(format_amount(self.env, quotation.amount_total, quotation.currency_id), record.body)
        self.assertIn("Busy customer", record.body)
        self.assertIn(self.agent_a1.name, record.body)
        # A quotation sent another day is no news today.
        other = self.new_contact("Quiet customer", "bronze")
        old = self.order(other)
        old.action_quotation_sent()
        old.date_order = fields.Datetime.now() - datetime.timedelta(days=3)
        self.assertEqual(self.kind_of(self.make_call(other)), "bronze")

    def test_queued_in_the_stock_queue_and_chatter(self):
        partner = self.new_contact("Chatter", "gold")
        call = self.make_call(partner)
        record = self.record_of(call)
        sms = self.env["sms.sms"].search([("uuid", "=", record.sms_uuid)])
        self.assertEqual((sms.state, sms.number, sms.partner_id), ("outgoing", "+989351112233", partner))
        self.assertEqual(sms.company_id, self.company)
        self.assertTrue(sms.sms_quiet_hours)
        kind = self.kinds["gold"]
        self.assertAlmostEqual(sms.sms_next_try, call.end_date + datetime.timedelta(minutes=kind.delay_minutes),
                               delta=datetime.timedelta(seconds=5))
        message = sms.mail_message_id
        self.assertEqual((message.model, message.res_id, message.message_type), ("res.partner", partner.id, "sms"))
        self.assertEqual(message.author_id, self.agent_a1.partner_id)
        self.assertEqual(message.notification_ids.notification_status, "ready")
        self.assertEqual(record.parts, sms.sms_parts)

    def test_only_answered_calls_long_enough(self):
        partner = self.new_contact("Caller", "gold")
        self.assertFalse(self.record_of(self.make_call(partner, talk=0, disposition="no_answer")))
        self.assertFalse(self.record_of(self.make_call(partner, direction="internal")))
        self.company.sms_min_talk_seconds = 30
        self.assertFalse(self.record_of(self.make_call(partner, talk=20)))
        self.assertEqual(self.kind_of(self.make_call(partner, talk=30)), "gold")

    def test_no_sms_and_the_reason(self):
        cases = [
            (self.new_contact("No number", "gold", mobile=False), "no mobile number"),
            (self.new_contact("Landline", "gold", mobile=False, phone="021 8888 0000"), "landline"),
        ]
        listed = self.new_contact("Listed", "gold", mobile="09127776655")
        self.env["phone.blacklist"].create({"number": "+989127776655"})
        cases.append((listed, "blacklisted"))
        for partner, reason in cases:
            record = self.record_of(self.make_call(partner))
            self.assertEqual(record.state, "skipped", partner.name)
            self.assertIn(reason, record.reason)
            self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", partner.id)]))
        stranger = self.env["crm.call"].create({
            "linkedid": "stranger", "direction": "incoming", "disposition": "answered",
            "start_date": fields.Datetime.now(), "talk_seconds": 40, "number_e164": "+989120000001"})
        self.end_calls(stranger)
        self.assertIn("no contact", self.record_of(stranger).reason)

    def test_once_per_contact_per_kind_per_days_and_turned_off(self):
        partner = self.new_contact("Twice", "gold")
        self.assertEqual(self.record_of(self.make_call(partner)).state, "queued")
        second = self.record_of(self.make_call(partner))
        self.assertEqual((second.state, second.kind), ("skipped", "gold"))
        self.assertIn("already", second.reason)
        self.kinds["silver"].enabled = False
        off = self.record_of(self.make_call(self.new_contact("Off", "silver")))
        self.assertEqual(off.state, "skipped")
        self.assertIn("turned off", off.reason)

    def test_same_call_twice_sends_nothing_more(self):
        call = self.make_call(self.new_contact("Hook twice", "gold"))
        self.end_calls(call)
        self.assertEqual(len(self.record_of(call)), 1)
        self.assertEqual(self.env["sms.sms"].search_count([("uuid", "=", self.record_of(call).sms_uuid)]), 1)

    def test_resynced_call_sends_nothing_more(self):
        partner = self.new_contact("Synced", "gold", mobile="09121110000")
        self.agent_a1.pbx_extension = "7101"
        source = self.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        start = fields.Datetime.now() - datetime.timedelta(minutes=3)
        legs = [Leg(uniqueid="sms.1", linkedid="sms.1", sequence=1, calldate=start, src="09121110000",
                    dst="7101", clid="", channel="PJSIP/trunk-1", dstchannel="PJSIP/7101-0001", did="",
                    duration=70, billsec=60, disposition="answered", recordingfile="")]
        Call = self.env["crm.call"]
        self.assertEqual(Call._sales_panel_store_legs(source, legs), (1, 0))
        call = Call.search([("source_id", "=", source.id)])
        self.assertEqual((call.partner_id, call.user_id), (partner, self.agent_a1))
        self.assertEqual(self.record_of(call).state, "pending", "decided after the batch, not in it")
        self.decide()
        record = self.record_of(call)
        self.assertEqual(record.kind, "gold")
        self.assertEqual(Call._sales_panel_store_legs(source, legs), (0, 0))
        self.decide()
        self.assertEqual(Call._sales_panel_store_legs(source, legs + [Leg(
            uniqueid="sms.2", linkedid="sms.1", sequence=2, calldate=start, src="09121110000", dst="7101",
            clid="", channel="PJSIP/trunk-1", dstchannel="PJSIP/7101-0002", did="", duration=10, billsec=5,
            disposition="answered", recordingfile="")]), (0, 1), "a late leg updates the call")
        self.assertEqual(self.env["crm.sms.after.call"].search([("partner_id", "=", partner.id)]), record)
        self.assertEqual(self.env["sms.sms"].search_count([("partner_id", "=", partner.id)]), 1)
        self.run_queue(minutes_later=30)
        self.run_queue(minutes_later=60)
        self.assertEqual(len(self.gateway.delivered), 1)

    def test_backfilled_calls_text_nobody(self):
        """A historic CDR database synced for the first time: last month's callers get no SMS."""
        call = self.make_call(self.new_contact("Old caller", "gold"))
        self.assertEqual(len(self.record_of(call)), 1)
        old = self.env["crm.call"].create({
            "linkedid": "old-call", "partner_id": self.new_contact("Last month", "gold").id,
            "direction": "incoming", "disposition": "answered", "talk_seconds": 60,
            "start_date": fields.Datetime.now() - datetime.timedelta(days=30),
            "end_date": fields.Datetime.now() - datetime.timedelta(days=30)})
        self.end_calls(old)
        # Not silence: the record says why nothing was sent (issue 15).
        late = self.record_of(old)
        self.assertEqual((late.state, late.kind, late.sms_uuid), ("skipped", False, False))
        self.assertIn("more than a day after it ended", late.reason)
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", old.partner_id.id)]))
        # A call the PBX gave no end: its start tells its age.
        unended = self.env["crm.call"].create({
            "linkedid": "unended-call", "partner_id": self.new_contact("Just now", "gold").id,
            "direction": "incoming", "disposition": "answered", "talk_seconds": 60,
            "start_date": fields.Datetime.now() - datetime.timedelta(minutes=2)})
        self.end_calls(unended)
        self.assertEqual(self.record_of(unended).state, "queued")

    def test_a_big_batch_is_decided_by_the_scheduled_job(self):
        """A sync batch of many calls only notes them; the deciding job it wakes decides,
        the queue's job sends (and does not decide as well)."""
        Call = self.env["crm.call"]
        partners = self.env["res.partner"].create([
            {"name": f"Batch {i}", "mobile": f"0935000{i:04d}", "tier": "gold"} for i in range(60)])
        now = fields.Datetime.now()
        calls = Call.create([{
            "linkedid": f"batch-{p.id}", "partner_id": p.id, "user_id": self.agent_a1.id,
            "direction": "incoming", "disposition": "answered", "talk_seconds": 60,
            "start_date": now - datetime.timedelta(minutes=2), "end_date": now,
        } for p in partners])
        calls._sales_panel_on_call_ended()
        records = self.env["crm.sms.after.call"].search([("call_id", "in", calls.ids)])
        self.assertEqual(set(records.mapped("state")), {"pending"})
        self.assertEqual(len(records), 60)
        decide = self.env.ref("crm_sms_after_call.ir_cron_sms_after_call_decide")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", decide.id)]))
        self.run_queue(minutes_later=10)
        self.assertEqual(set(records.mapped("state")), {"pending"}, "the deciding job is about to run")
        self.decide()
        self.run_queue(minutes_later=10)
        self.assertEqual(set(records.mapped("state")) - {"queued", "sent", "delivered"}, set())
        self.assertEqual(self.env["sms.sms"].search_count([("uuid", "in", records.mapped("sms_uuid"))]), 60)
