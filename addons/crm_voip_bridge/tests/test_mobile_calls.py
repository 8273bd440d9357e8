import datetime
import os
import shutil
import tempfile

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import PhoneTourMixin, SalesPanelCase

from .test_recordings import START, write_wav


@tagged("post_install", "-at_install")
class TestMobileCalls(PhoneTourMixin, HttpCase, SalesPanelCase):
    """The call journal and missed calls at a phone's width (the Odoo mobile app shows the
    web client): cards, a call button, a recording played in place."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a1.pbx_extension = "101"  # may call: the cards show the call button
        monitor = tempfile.mkdtemp(prefix="sp-mobile-")
        cls.addClassCleanup(shutil.rmtree, monitor, ignore_errors=True)
        write_wav(os.path.join(monitor, "in-09121234567-101.wav"))
        source = cls.env["crm.cdr.source"].create({
            "name": "PBX", "kind": "csv", "csv_path": "/nonexistent", "recording_mode": "directory",
            "recording_dir": monitor,
        })
        Call = cls.env["crm.call"]
        common = {"source_id": source.id, "user_id": cls.agent_a1.id, "direction": "incoming"}
        cls.recorded = Call.create(dict(common, linkedid="m1", disposition="answered", talk_seconds=90,
                                        number_raw="09121234567", partner_id=cls.customer_a1.id,
                                        start_date=START, recording_file="in-09121234567-101.wav"))
        cls.missed = Call.create(dict(common, linkedid="m2", disposition="no_answer", number_raw="09351112233",
                                      start_date=START - datetime.timedelta(hours=1)))
        Call.create(dict(common, linkedid="m3", disposition="no_answer", number_raw="09351110000",
                         user_id=cls.agent_a2.id, start_date=START - datetime.timedelta(hours=2)))

    def test_play_a_recording_from_its_card(self):
        self.start_tour("/odoo/action-crm_voip_bridge.crm_call_action",
                        "crm_voip_bridge_mobile_play_recording", login="t_agent_a1")

    def test_missed_calls_as_cards(self):
        self.start_tour("/odoo/action-crm_voip_bridge.crm_call_action_my_missed",
                        "crm_voip_bridge_mobile_missed", login="t_agent_a1")
