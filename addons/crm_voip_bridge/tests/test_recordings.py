import datetime
import os
import shutil
import tempfile

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin, SalesPanelCase
from odoo.addons.crm_voip_bridge.lib.wav import tones_wav

from .recording_server import RecordingServer

START = datetime.datetime(2026, 11, 21, 21, 0)  # UTC: 00:30 on 22 November in Tehran


def write_wav(path, seconds=4):
    """A real 8 kHz PCM recording (a 440 Hz tone), as Asterisk's MixMonitor writes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(tones_wav([(440, seconds)]))


def assert_secured(case, response):
    """Every answer of the recording route, an error text too, is neither sniffed nor run."""
    case.assertEqual(response.headers.get("X-Content-Type-Options"), "nosniff")
    case.assertEqual(response.headers.get("Content-Security-Policy"), "default-src 'none'; sandbox")


@tagged("post_install", "-at_install")
class TestRecordings(RpcMixin, HttpCase, SalesPanelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The server's files around the PBX's recordings directory: a recording of another
        # place (secret.wav) and a file that is no recording (notes.txt), one inside.
        cls.base = tempfile.mkdtemp(prefix="sp-server-")
        cls.addClassCleanup(shutil.rmtree, cls.base, ignore_errors=True)
        cls.monitor = os.path.join(cls.base, "monitor")
        write_wav(os.path.join(cls.base, "secret.wav"))
        write_wav(os.path.join(cls.monitor, "inside.wav"))
        with open(os.path.join(cls.monitor, "notes.txt"), "w", encoding="utf-8") as notes:
            notes.write("<html><script>alert(1)</script></html>")
        os.symlink(os.path.join(cls.base, "secret.wav"), os.path.join(cls.monitor, "link.wav"))
        # FreePBX files a recording under the PBX's local date of the call.
        write_wav(os.path.join(cls.monitor, "2026/11/22/in-09121234567-101-20261122-003000.wav"))
        write_wav(os.path.join(cls.monitor, "outside.wav"))
        cls.source = cls.env["crm.cdr.source"].create({
            "name": "PBX", "kind": "csv", "csv_path": "/nonexistent", "recording_mode": "directory",
            "recording_dir": cls.monitor,
        })
        Call = cls.env["crm.call"]

        def call(linkedid, user, partner, recording, minutes=0):
            return Call.create({
                "linkedid": linkedid, "source_id": cls.source.id, "direction": "incoming",
                "disposition": "answered", "talk_seconds": 90, "number_raw": "09121234567",
                "start_date": START + datetime.timedelta(minutes=minutes),
                "user_id": user.id, "partner_id": partner.id, "recording_file": recording,
            })

        cls.call_a1 = call("r1", cls.agent_a1, cls.customer_a1,
                           "in-09121234567-101-20261122-003000.wav")
        cls.call_missing = call("r2", cls.agent_a1, cls.customer_a1, "gone.wav", minutes=-60)
        cls.call_escape = call("r3", cls.agent_a1, cls.customer_a1, "../../../etc/passwd", -90)
        cls.call_b1 = call("r4", cls.agent_b1, cls.customer_b1,
                           "in-09121234567-101-20261122-003000.wav")
        cls.call = staticmethod(call)

    def assert_unavailable(self, call, message):
        response = self.url_open(self.url(call))
        self.assertEqual((response.status_code, response.headers.get("X-Sales-Panel-Recording")),
                         (404, "unavailable"), message)
        self.assertNotIn(b"RIFF", response.content, message)

    def url(self, call):
        return f"/sales_panel/call/{call.id}/recording"

    def test_agent_plays_and_seeks_own_recording(self):
        self.authenticate("t_agent_a1", "t_agent_a1")
        whole = self.url_open(self.url(self.call_a1))
        self.assertEqual(whole.status_code, 200)
        self.assertEqual(whole.headers["Content-Type"], "audio/wav")
        assert_secured(self, whole)
        self.assertEqual(whole.headers["Content-Disposition"], "inline")
        self.assertEqual(whole.content[:4], b"RIFF")
        size = len(whole.content)
        part = self.url_open(self.url(self.call_a1), headers={"Range": "bytes=1000-1999"})
        self.assertEqual(part.status_code, 206)
        self.assertEqual(part.headers["Content-Range"], f"bytes 1000-1999/{size}")
        self.assertEqual(part.content, whole.content[1000:2000])

    def test_access_follows_the_call(self):
        self.authenticate("t_agent_b1", "t_agent_b1")
        refused = self.url_open(self.url(self.call_a1))
        self.assertEqual(refused.status_code, 403)
        assert_secured(self, refused)
        self.assertNotIn("Content-Disposition", refused.headers)
        self.authenticate("t_sup_a", "t_sup_a")
        self.assertEqual(self.url_open(self.url(self.call_a1)).status_code, 200, "own team")
        self.assertEqual(self.url_open(self.url(self.call_b1)).status_code, 403, "other team")
        self.authenticate("t_manager", "t_manager")
        self.assertEqual(self.url_open(self.url(self.call_b1)).status_code, 200)
        self.authenticate(None, None)
        response = self.url_open(self.url(self.call_a1), allow_redirects=False)
        self.assertNotEqual(response.status_code, 200, "never without a session")

    def test_missing_or_escaping_file_is_unavailable(self):
        self.authenticate("t_agent_a1", "t_agent_a1")
        for call in (self.call_missing, self.call_escape):
            response = self.url_open(self.url(call))
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response.headers["X-Sales-Panel-Recording"], "unavailable")
            self.assertNotIn("<html", response.text.lower(), "a short text, never an error page")
            assert_secured(self, response)
        self.assertEqual(self.url_open("/sales_panel/call/999999999/recording").status_code, 404)

    def pbx_web_server(self, root, path):
        """The PBX's web server on loopback serving ``root``; the source fetches
        recordings from it by ``path`` (its URL template after the host)."""
        server = RecordingServer(root).start()
        self.addCleanup(server.httpd.shutdown)
        self.source.write({
            "recording_mode": "url", "recording_login": "pbx", "recording_password": "secret",
            "recording_url": f"http://127.0.0.1:{server.port}/{path}",
        })
        return server

    def test_recordings_through_the_pbx_web_server(self):
        server = self.pbx_web_server(self.monitor, "{year}/{month}/{day}/{file}")
        self.authenticate("t_agent_a1", "t_agent_a1")
        part = self.url_open(self.url(self.call_a1), headers={"Range": "bytes=0-99"})
        self.assertEqual(part.status_code, 206)
        self.assertEqual(len(part.content), 100)
        self.assertTrue(part.headers["Content-Range"].startswith("bytes 0-99/"))
        self.assertEqual(server.requests[-1],
                         ("/2026/11/22/in-09121234567-101-20261122-003000.wav", "bytes=0-99"))
        missing = self.url_open(self.url(self.call_missing))
        self.assertEqual(missing.headers["X-Sales-Panel-Recording"], "unavailable")
        self.source.recording_password = "wrong"
        self.assertEqual(self.url_open(self.url(self.call_a1)).status_code, 404)
        server.httpd.server_close()  # the PBX's web server is down
        # A URL holding a key: the log names the source, never the URL nor the key.
        self.source.recording_url = f"http://127.0.0.1:{server.port}/{{file}}?apikey=k-Secret-4471"
        with self.assertLogs("odoo.addons.crm_voip_bridge.controllers.recording", "WARNING") as logs:
            down = self.url_open(self.url(self.call_a1))
        self.assertEqual((down.status_code, down.headers["X-Sales-Panel-Recording"]), (502, "unavailable"))
        assert_secured(self, down)
        logged = "\n".join(logs.output)
        self.assertIn(f"CDR source {self.source.id} unreachable", logged)
        self.assertNotIn("k-Secret-4471", logged)
        self.assertNotIn("http://127.0.0.1", logged)

    def test_last_recorded_call_follows_access(self):
        self.assertEqual(
            self.customer_a1.with_user(self.agent_a1).sales_panel_last_call_id, self.call_a1)
        self.assertFalse(self.customer_b1.with_user(self.agent_a1).sales_panel_last_call_id)
        self.assertEqual(self.lead_a1.with_user(self.agent_a1).sales_panel_last_call_id, self.call_a1)
        self.assertEqual(self.order_a1.with_user(self.agent_a1).sales_panel_last_call_id, self.call_a1)

    def test_tour_play_in_the_calls_list(self):
        self.start_tour("/odoo/action-crm_voip_bridge.crm_call_action",
                        "crm_voip_bridge_play_recording", login="t_agent_a1")

    def test_tour_play_last_call_of_a_contact(self):
        self.start_tour(f"/odoo/res.partner/{self.customer_a1.id}",
                        "crm_voip_bridge_play_last_call", login="t_agent_a1")

    def test_the_recordings_location_comes_from_the_cdr_only(self):
        """No field an agent can reach leads the player to a file: the recording's name is
        refused to them (and to managers), only the CDR sync writes it."""
        for login in ("t_agent_a1", "t_manager"):
            self.authenticate(login, login)
            for value in ("../../../etc/passwd", os.path.join(self.base, "secret.wav"), "link.wav"):
                self.assertEqual(self.rpc_error("crm.call", "write", self.call_a1.ids, {"recording_file": value}),
                                 "odoo.exceptions.AccessError")
            for source in (False, self.env["crm.cdr.source"].create({"name": "Other", "kind": "csv"}).id):
                self.assertEqual(self.rpc_error("crm.call", "write", self.call_a1.ids, {"source_id": source}),
                                 "odoo.exceptions.AccessError")
        self.assertEqual(self.call_a1.recording_file, "in-09121234567-101-20261122-003000.wav")

    def test_no_file_outside_the_recordings_directory(self):
        self.authenticate("t_agent_a1", "t_agent_a1")
        names = ["../secret.wav", "2026/11/22/../../../../secret.wav", os.path.join(self.base, "secret.wav"),
                 self.monitor + "/../secret.wav", "link.wav", "notes.txt", "/etc/passwd",
                 "/etc/hostname", "%2e%2e/secret.wav"]
        for index, name in enumerate(names):
            self.assert_unavailable(self.call(f"t{index}", self.agent_a1, self.customer_a1, name), name)
        inside = self.call("t-in", self.agent_a1, self.customer_a1, os.path.join(self.monitor, "inside.wav"))
        self.assertEqual(self.url_open(self.url(inside)).status_code, 200, "a full path inside (Issabel)")
        # Directory mode needs a directory: none is not the server's root, nor is "/".
        secret = self.call("t-root", self.agent_a1, self.customer_a1, os.path.join(self.base, "secret.wav"))
        for directory in (False, "", "/", "/tmp/..", "relative/monitor"):
            self.source.recording_dir = directory
            self.assert_unavailable(secret, f"directory {directory!r}")
            self.assert_unavailable(inside, f"directory {directory!r}")

    def test_recordings_through_the_pbx_web_server_stay_in_their_place(self):
        server = self.pbx_web_server(self.base, "monitor/{file}")
        self.authenticate("t_agent_a1", "t_agent_a1")
        for index, name in enumerate(["../secret.wav", "..", "x/../../secret.wav", "inside.wav?x=../secret.wav",
                                      "inside.wav#frag", "/secret.wav", "..\\secret.wav", "notes.txt"]):
            self.assert_unavailable(self.call(f"u{index}", self.agent_a1, self.customer_a1, name), name)
        self.assertEqual(server.requests, [], "no such name ever reaches the PBX")
        # A name is quoted, and what comes back is served as the recording's audio type, even
        # when the PBX's web server says it is a page.
        write_wav(os.path.join(self.monitor, "in call 1.wav"))
        spaced = self.call("u-ok", self.agent_a1, self.customer_a1, "in call 1.wav")
        server.content_type = "text/html"
        response = self.url_open(self.url(spaced))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(server.requests[-1][0], "/monitor/in%20call%201.wav")
        self.assertEqual((response.headers["Content-Type"], response.headers["X-Content-Type-Options"]),
                         ("audio/wav", "nosniff"))
        self.assertEqual(response.content[:4], b"RIFF")
