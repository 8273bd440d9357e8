"""The source's form follows a background sync's bar (issue 22)."""

import threading
import time

from odoo import api
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProgressTour(HttpCase):
    def test_the_bar_moves(self):
        manager = new_test_user(self.env, login="tour_manager", groups="crm_sales_base.group_manager")
        source = self.env["crm.cdr.source"].create({"name": "Years of calls", "kind": "mysql"})
        registry, stop = self.env.registry, threading.Event()

        def scheduler():
            """The cron's side, as the sync reports it: the job "Sync now" queued, taken
            over and reported in steps, each report a short transaction of its own (here the
            test cursor, which the browser's requests share between steps)."""
            queued = False
            while not stop.is_set() and not queued:
                time.sleep(0.3)
                with registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    queued = env["crm.cdr.source"].browse(source.id).sync_progress_id.state == "queued"
            if not queued:
                return
            time.sleep(3)  # long enough for the browser to see it wait
            with registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                record = env["crm.cdr.source"].browse(source.id)
                job = env["sales.panel.progress"]._sales_panel_job(
                    "CDR sync", record, unit="rows", progress=record.sync_progress_id, interval=0)
                job.__enter__()
                job.update(total=400)
            for done in (100, 200, 300, 400):
                if stop.is_set():
                    return
                time.sleep(2.5)
                job.update(done=done)
            job.finish("done")

        thread = threading.Thread(target=scheduler, name="fake-cron", daemon=True)
        thread.testing = True
        thread.start()
        self.addCleanup(thread.join, 30)
        self.addCleanup(stop.set)
        self.start_tour(f"/odoo/action-crm_voip_bridge.crm_cdr_source_action/{source.id}",
                        "crm_voip_bridge_progress_sync_now", login=manager.login)
        self.assertEqual(source.sync_progress_id.state, "done")
