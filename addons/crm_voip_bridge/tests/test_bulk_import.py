import datetime

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..lib.cdr import Leg
from .common import agents_with_extensions

START = datetime.datetime(2026, 11, 21, 8, 0)


@tagged("post_install", "-at_install")
class TestBulkImportComputedFields(TransactionCase):
    """One test only: it adds fields to the registry, reset when the class ends."""

    def test_calls_and_legs_by_copy_get_every_stored_computed_field(self):
        """The sync writes calls and legs by COPY: the stored computed fields it does not
        know, added by another addon or a customization (here custom fields, as Studio
        makes), are computed for them as create() would (issue 14)."""
        Fields = self.env["ir.model.fields"]
        Fields.create({
            "name": "x_talk_minutes", "field_description": "Talk minutes", "ttype": "integer",
            "model_id": self.env["ir.model"]._get_id("crm.call"), "store": True,
            "depends": "talk_seconds", "compute": "for call in self:\n    call['x_talk_minutes'] = call.talk_seconds // 60",
        })
        Fields.create({
            "name": "x_billed_minutes", "field_description": "Billed minutes", "ttype": "integer",
            "model_id": self.env["ir.model"]._get_id("crm.call.leg"), "store": True,
            "depends": "billsec", "compute": "for leg in self:\n    leg['x_billed_minutes'] = leg.billsec // 60",
        })
        agents_with_extensions(self.env, "101", "102")
        source = self.env["crm.cdr.source"].create({"name": "PBX", "kind": "csv", "csv_path": "/dev/null"})
        legs = [Leg(uniqueid=f"copy.{n}", linkedid="copy.1", sequence=n, calldate=START, src="09121110000",
                    dst="101", clid="", channel="PJSIP/trunk-1", dstchannel=f"PJSIP/10{n}-000{n}", did="",
                    duration=130 * n, billsec=120 * n, disposition="answered", recordingfile="")
                for n in (1, 2)]
        self.assertEqual(self.env["crm.call"]._sales_panel_store_legs(source, legs), (1, 0))
        self.env.flush_all()
        # Read from the tables: the columns as the COPY and the ORM left them.
        calls = self.env.execute_query(SQL(
            "SELECT talk_seconds, x_talk_minutes FROM crm_call WHERE source_id = %s", source.id))
        self.assertEqual(calls, [(calls[0][0], calls[0][0] // 60)])
        self.assertGreater(calls[0][1], 0)
        self.assertEqual(sorted(self.env.execute_query(SQL(
            "SELECT billsec, x_billed_minutes FROM crm_call_leg WHERE source_id = %s", source.id))),
            [(120, 2), (240, 4)])
