"""Issue 7: 10 000 queued SMS handed to a local gateway at >= 50 per second, each once.

Ours: ``sms.sms.send()`` (the stock queue's entry point, batches of
``sms.session.batch.size``) with the company's HTTP-gateway provider: one keep-alive
connection per batch, outcomes written per batch. Stock: IAP cannot be reached here, so
the stock figure is the stock per-record pattern against the same gateway: ``_send`` called
for each SMS on its own (one request, one connection and one round of writes per SMS).
The gateway is a loopback HTTP server in this process that counts what it receives by the
SMS's unique id, so duplicates and losses are counted, not assumed.
"""

import socket
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .harness import benchmark

COUNT = 10_000
STOCK_COUNT = 2_000  # the one-by-one stock way is measured on a sample: it is the slow one
BODY = "{name} عزیز، از تماس شما سپاسگزاریم. پیش‌فاکتور S{n:05d} برای شما ارسال شد."


class _Gateway:
    def __init__(self):
        self.received = Counter()
        self.lock = threading.Lock()
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

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                uid = dict(urllib.parse.parse_qsl(body)).get("uid", "")
                with gateway.lock:
                    gateway.received[uid] += 1
                    message_id = sum(gateway.received.values())
                data = f"OK id={message_id}".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.received.clear()

    def duplicates(self):
        return sum(n - 1 for n in self.received.values() if n > 1)


def _queue(env, company, tag, count):
    return env["sms.sms"].create([{
        "number": f"+98912{n:07d}", "body": BODY.format(name=f"{tag} {n}", n=n),
        "company_id": company.id, "state": "outgoing",
    } for n in range(count)])


@benchmark("SMS queue to a local gateway (SMS/s)", ">= 50 SMS/s, 0 duplicates (issue 7)", "SMS/s",
           higher_is_better=True)
def sms_queue_rate(ctx):
    env = ctx.env
    company = env.company
    gateway = _Gateway()
    saved = company.read(["sms_provider", "sms_http_url", "sms_http_method", "sms_http_success_pattern",
                          "sms_quiet_start", "sms_quiet_end"])[0]
    try:
        company.write({
            "sms_provider": "http", "sms_http_method": "POST",
            "sms_http_url": gateway.url + "/send?to={to_national}&text={message}&uid={uid}",
            "sms_http_success_pattern": r"OK id=(?P<id>\d+)",
            "sms_quiet_start": 0.0, "sms_quiet_end": 0.0,  # whatever the hour of the run
        })
        ours_sms = _queue(env, company, "ours", COUNT)
        env.flush_all()
        start = time.perf_counter()
        # The company's gateway is called from the queue job only (its context says so).
        ours_sms.with_context(sms_after_call_queue=True).send(auto_commit=False, raise_exception=False)
        env.flush_all()
        ours_seconds = time.perf_counter() - start
        ours_sent = env["sms.sms"].search_count([("id", "in", ours_sms.ids), ("state", "=", "pending")])
        ours_dup, ours_got = gateway.duplicates(), len(gateway.received)
        missing = set(map(str, ours_sms.ids)) - set(gateway.received)
        if missing:
            # A rate of SMS that never reached the gateway is no figure.
            raise AssertionError(f"{len(missing)} of {COUNT} SMS never reached the gateway")

        gateway.reset()
        stock_sms = _queue(env, company, "stock", STOCK_COUNT)
        env.flush_all()
        start = time.perf_counter()
        for sms in stock_sms:
            sms.with_context(sms_after_call_queue=True)._send(unlink_failed=False, unlink_sent=True)
        env.flush_all()
        stock_seconds = time.perf_counter() - start
        stock_dup, stock_got = gateway.duplicates(), len(gateway.received)

        (ours_sms | stock_sms).unlink()
        env.flush_all()
    finally:
        gateway.stop()
        company.write({k: v for k, v in saved.items() if k != "id"})
    return {
        "ours": COUNT / ours_seconds,
        "stock": STOCK_COUNT / stock_seconds,
        "note": f"{COUNT} SMS: ours send() in batches {ours_seconds:.1f} s, {ours_got} received, "
                f"{ours_sent} marked sent, {len(missing)} missing, {ours_dup} duplicates; stock pattern "
                f"(_send per SMS, IAP unreachable) on {STOCK_COUNT}: {stock_seconds:.1f} s, {stock_got} received, "
                f"{stock_dup} duplicates",
    }
