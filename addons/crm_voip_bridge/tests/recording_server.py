"""A PBX web server on loopback serving recordings with HTTP Range and basic auth, as
FreePBX's web server does for its monitor directory."""

import base64
import http.server
import os
import threading
import urllib.parse


class RecordingServer:
    def __init__(self, root, login="pbx", password="secret"):
        self.root = root
        self.token = base64.b64encode(f"{login}:{password}".encode()).decode()
        self.requests = []  # (path as requested, quoted, Range header)
        # What the PBX says a recording is: a test makes it lie (text/html).
        self.content_type = "audio/x-wav"
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Range")))
                if self.headers.get("Authorization") != f"Basic {server.token}":
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="pbx"')
                    self.end_headers()
                    return
                path = os.path.join(server.root, urllib.parse.unquote(
                    urllib.parse.urlsplit(self.path).path).lstrip("/"))
                if not os.path.isfile(path):
                    self.send_error(404)
                    return
                with open(path, "rb") as fh:
                    data = fh.read()
                start, end, status = 0, len(data) - 1, 200
                wanted = self.headers.get("Range")
                if wanted and wanted.startswith("bytes="):
                    first, _, last = wanted[6:].partition("-")
                    start, end, status = int(first or 0), int(last) if last else len(data) - 1, 206
                self.send_response(status)
                self.send_header("Content-Type", server.content_type)
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", str(end - start + 1))
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
                self.end_headers()
                self.wfile.write(data[start:end + 1])

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
