"""The demo database's calls (issue 14, "Demo"): a new user sees a journal and plays a call."""

import datetime

from odoo import fields
from odoo.tests import HttpCase, tagged

AGENTS = [f"crm_sales_base.user_agent_{n}" for n in range(1, 7)]


@tagged("post_install", "-at_install")
class TestDemoCalls(HttpCase):
    def test_demo_calls_of_the_last_weeks_with_recordings(self):
        source = self.env.ref("crm_voip_bridge.demo_cdr_source", raise_if_not_found=False)
        if not self.env.ref("base.module_crm_voip_bridge").demo:
            self.assertFalse(source, "no demo PBX without demo data")
            return
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        agents = [self.env.ref(xmlid) for xmlid in AGENTS]
        for agent in agents:
            self.assertGreater(len(calls.filtered(lambda c, a=agent: c.user_id == a)), 10, agent.login)
        kinds = {(c.direction, c.disposition) for c in calls}
        self.assertLessEqual({("incoming", "answered"), ("incoming", "no_answer"), ("incoming", "busy"),
                              ("outgoing", "answered"), ("outgoing", "no_answer")}, kinds)
        if "voicemail" in dict(calls._fields["disposition"].selection):
            self.assertIn(("incoming", "voicemail"), kinds)
        self.assertTrue(calls.filtered(lambda c: c.number_raw == "anonymous" and not c.number_e164))
        self.assertTrue(calls.filtered("partner_id"), "calls of the demo agents' customers")
        self.assertTrue(calls.filtered("is_successful") and calls.filtered(
            lambda c: c.is_answered and not c.is_successful), "successful and short calls")
        # Relative to the day the demo was loaded (today, in a test database).
        now = fields.Datetime.now()
        self.assertLessEqual(max(calls.mapped("start_date")), now)
        self.assertGreater(max(calls.mapped("start_date")), now - datetime.timedelta(days=4))
        self.assertLess(min(calls.mapped("start_date")), now - datetime.timedelta(days=14))
        self.assertEqual(len(calls.leg_ids), len(calls))
        # A few recordings, served to the call's agent as a real WAV file.
        recorded = calls.filtered("has_recording")
        self.assertTrue(3 <= len(recorded) <= 10, len(recorded))
        call = recorded[0]
        self.authenticate(call.user_id.login, call.user_id.login)  # demo passwords are the logins
        response = self.url_open(f"/sales_panel/call/{call.id}/recording")
        self.assertEqual(response.status_code, 200)
        self.assertIn("audio", response.headers["Content-Type"])
        self.assertEqual(response.content[:4], b"RIFF")
        # The demo PBX syncs like any source (its Master.csv is there, empty).
        log = source._sync()
        self.assertEqual((log.state, log.rows_read), ("done", 0))
