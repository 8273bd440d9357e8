from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_voip_bridge.lib.cdr import Leg

from .common import FollowupCase


def leg(uniqueid, start, src, disposition="answered", billsec=60):
    return Leg(uniqueid=uniqueid, linkedid=uniqueid, sequence=1, calldate=start, src=src, dst="7301",
               clid="", channel=f"PJSIP/trunk-{uniqueid}", dstchannel="PJSIP/7301-0001", did="",
               duration=billsec + 10, billsec=billsec, disposition=disposition, recordingfile="")


@tagged("post_install", "-at_install")
class TestBulkCalls(FollowupCase):
    def test_calls_of_the_sync_chase_quotations(self):
        """The sync writes calls by COPY; its answered call with a customer is a follow-up
        of the customer's open quotation (sale.order.followup's bulk insert), the missed one
        is not."""
        self.agent_a1.pbx_extension = "7301"
        self.customer_a1.mobile = "09121117301"
        order = self.quotation(self.customer_a1, self.agent_a1)
        source = self.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        start = fields.Datetime.now()  # after the quotation was made
        legs = [leg("bulk.1", start, "09121117301"),
                leg("bulk.2", start, "09121117301", disposition="no_answer", billsec=0)]
        self.assertEqual(self.env["crm.call"]._sales_panel_store_legs(source, legs), (2, 0))
        answered = self.env["crm.call"].search([("source_id", "=", source.id), ("linkedid", "=", "bulk.1")])
        self.assertEqual(order.followup_ids.call_id, answered)
        self.assertEqual((order.followup_count, order.followup_ids.user_id), (1, self.agent_a1))
