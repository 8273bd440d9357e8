"""A loopback HTTP server that behaves like the SMS gateways: Kavenegar's send.json and
statuslocalmessageid.json, a generic "send" URL and Odoo's IAP SMS endpoint. ``modes`` is
a list of what the next requests get ("ok", "4xx", "5xx", "503", "timeout" (stalls before
taking the text), "stall" (takes the text, then stalls past the client's timeout),
"badjson", "200err" (HTTP 200 with an error text)), then ``default`` for the rest."""

import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Gateway:
    def __init__(self, api_key="good-key", sleep=2.0):
        self.api_key = api_key
        self.sleep = sleep
        self.modes = []
        self.default = "ok"
        self.received = []  # (path, params) of every request
        self.delivered = []  # (receptor, message) of the texts it accepted
        self.local_ids = {}
        self.lock = threading.Lock()
        self.server = None
        self.abandoned = 0

    def start(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                res = super().setup()
                # Headers and body leave in two writes: without this, Nagle's algorithm and
                # the client's delayed ACK add 40 ms to every keep-alive request.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return res

            def log_message(self, *args):
                pass

            def do_GET(self):
                gateway.handle(self, urllib.parse.urlsplit(self.path).query)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                gateway.handle(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def next_mode(self):
        with self.lock:
            return self.modes.pop(0) if self.modes else self.default

    def handle(self, request, payload):
        path = urllib.parse.urlsplit(request.path).path
        params = dict(urllib.parse.parse_qsl(payload))
        with self.lock:
            self.received.append((path, params))
        request.stall = False  # one handler serves every request of a keep-alive connection
        if path.endswith("/sms/statuslocalmessageid.json"):
            return self.kavenegar_status(request, path, params)
        mode = self.next_mode()
        request.stall = mode == "stall"
        if mode == "timeout":
            time.sleep(self.sleep)
            return self.reply(request, 200, "too late")
        if mode == "5xx":
            return self.reply(request, 502, "<html>Bad gateway</html>")
        if mode == "503":
            return self.reply(request, 503, "busy, try later")
        if mode == "200err":
            return self.reply(request, 200, "ERR 7 invalid password")
        if mode == "badjson":
            return self.reply(request, 200, "<html>maintenance</html>")
        if path.startswith("/v1/"):
            return self.kavenegar(request, path, params, mode)
        return self.generic(request, params, mode)

    def reply(self, request, status, body, content_type="text/plain; charset=utf-8"):
        if getattr(request, "stall", False):
            time.sleep(self.sleep)  # the text is taken; the answer comes too late
        data = body.encode()
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        try:
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.abandoned += 1  # the client gave up waiting (the timeout case)

    def kavenegar(self, request, path, params, mode):
        def answer(status, message, entries=None):
            body = json.dumps({"return": {"status": status, "message": message}, "entries": entries})
            return self.reply(request, status, body, "application/json; charset=utf-8")

        if path != f"/v1/{self.api_key}/sms/send.json":
            return answer(401, "کلید API نامعتبر است")
        receptor = params.get("receptor", "")
        if mode == "4xx" or not (receptor.startswith("09") and len(receptor) == 11):
            return answer(411, "گیرنده نامعتبر است")
        with self.lock:
            local_id = params.get("localid")
            if local_id and local_id in self.local_ids:
                return answer(200, "تایید شد", [{"messageid": self.local_ids[local_id]}])
            message_id = str(8000000 + len(self.delivered))
            self.delivered.append((receptor, params.get("message")))
            if local_id:
                self.local_ids[local_id] = message_id
        return answer(200, "تایید شد", [{"messageid": int(message_id), "status": 1, "receptor": receptor}])

    def kavenegar_status(self, request, path, params):
        """``statuslocalmessageid.json``: the message sent with a local id, or status 100."""
        if path != f"/v1/{self.api_key}/sms/statuslocalmessageid.json":
            body = {"return": {"status": 401, "message": "کلید API نامعتبر است"}, "entries": None}
        else:
            local_id = params.get("localid", "")
            with self.lock:
                message_id = self.local_ids.get(local_id)
            entry = ({"messageid": int(message_id), "localid": local_id, "status": 1, "statustext": "در صف"}
                     if message_id else {"messageid": 0, "localid": local_id, "status": 100,
                                         "statustext": "شناسه نامعتبر"})
            body = {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}
        return self.reply(request, 200, json.dumps(body), "application/json; charset=utf-8")

    def generic(self, request, params, mode):
        if mode == "4xx":
            return self.reply(request, 400, "ERR 12 invalid destination")
        with self.lock:
            message_id = str(100 + len(self.delivered))
            self.delivered.append((params.get("to"), params.get("text")))
        return self.reply(request, 200, f"OK id={message_id}")
