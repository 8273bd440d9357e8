"""A small asyncio client of the Asterisk Manager Interface (AMI), plain Python.

Why our own and not panoramisk (readme/CONFIGURE.md, "The AMI connection"): the service
must never lose a ringing call across a reconnect, which needs the re-read of the live
channels (``CoreShowChannels``) delivered *in stream order* with the events around it, a
login failure that is reported once and retried with a capped backoff instead of a log
line per second, and a frame parser that survives what a PBX or a network really sends
(frames cut anywhere, bare ``\\n`` line ends, garbage lines, unknown events). Those are
the parts of an AMI client that matter here; they fit in this file and are tested against
traffic recorded from a real Asterisk 20 (``tests/fixtures/ami``).

How AMI frames look (recorded): the server greets with one line
``Asterisk Call Manager/9.0.0``, then every message is ``Key: Value`` lines ended by an
empty line. A reply carries the ``ActionID`` of its action; a list action (e.g.
``CoreShowChannels``) answers ``EventList: start`` then events with that ``ActionID``
until one with ``EventList: Complete``.
"""

import asyncio
import contextlib
import logging
import random
import ssl as ssl_module

_logger = logging.getLogger(__name__)

# A frame longer than this without its ending empty line is garbage, not a message: dropped
# so that a broken peer cannot grow the buffer forever.
MAX_FRAME = 256 * 1024


class AmiError(Exception):
    """The connection is down, or an action was not answered."""


class AmiHeaderError(AmiError, ValueError):
    """An action's header or value would break the AMI framing (a line break)."""


class AmiAuthError(AmiError):
    """The PBX refused the login (wrong user or secret, or the user's ACL)."""


class FrameParser:
    """Bytes in, messages (dicts) out, whatever the cuts of the TCP stream.

    Lines without ``:`` are counted in ``malformed`` and skipped; a header repeated in one
    message keeps its last value; bytes that are not UTF-8 are replaced, not fatal.
    """

    def __init__(self, max_frame=MAX_FRAME):
        self.buffer = b""
        self.max_frame = max_frame
        self.greeting = None
        self.malformed = 0
        self.dropped = 0

    def feed(self, data):
        # CRLF made LF on the whole buffer: a CR and its LF may come in two reads.
        self.buffer = (self.buffer + data).replace(b"\r\n", b"\n")
        messages = []
        if self.greeting is None and b"\n" in self.buffer:
            line, _sep, rest = self.buffer.partition(b"\n")
            if line.startswith(b"Asterisk Call Manager"):
                self.greeting = line.decode("utf-8", "replace").strip()
                self.buffer = rest
            else:
                self.greeting = ""
        while True:
            frame, sep, rest = self.buffer.partition(b"\n\n")
            if not sep:
                break
            self.buffer = rest
            message = self._parse(frame)
            if message:
                messages.append(message)
        if len(self.buffer) > self.max_frame:
            self.dropped += 1
            _logger.warning("AMI: dropped %d bytes without a frame end", len(self.buffer))
            self.buffer = b""
        return messages

    def _parse(self, frame):
        message = {}
        for raw in frame.split(b"\n"):
            line = raw.rstrip(b"\r").decode("utf-8", "replace")
            key, sep, value = line.partition(":")
            if not sep or not key.strip() or " " in key.strip():
                if line.strip():
                    self.malformed += 1
                continue
            message[key.strip()] = value[1:] if value.startswith(" ") else value
        return message


def encode_action(fields):
    """An action as AMI bytes; a list value repeats its header (``Variable``). A value with
    a line break would inject headers or a second action: refused."""
    lines = []
    for key, value in fields.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            item = "" if item is None else str(item)
            if any(ch in str(key) + item for ch in "\r\n"):
                raise AmiHeaderError(f"AMI header {key!r} holds a line break")
            lines.append(f"{key}: {item}\r\n")
    return ("".join(lines) + "\r\n").encode()


class AmiClient:
    """``await run()`` keeps one AMI session up until ``stop()``: connect, log in, re-read
    the live channels, keep alive with ``Ping``, reconnect with capped exponential backoff
    and jitter. Events go to ``on_event(dict)`` in the order the PBX sent them (the
    ``CoreShowChannel`` events of each re-read included, then their
    ``CoreShowChannelsComplete``); changes of state to ``on_status(state, detail)``, once
    per change: ``connecting``, ``connected``, ``auth_failed``, ``disconnected``,
    ``stopped``. Both callbacks may be coroutines."""

    def __init__(self, host, port, username, secret, *, tls=False, events="call",
                 ping_interval=20.0, ping_timeout=None, on_event=None, on_status=None, connect_timeout=10.0,
                 backoff_initial=1.0, backoff_max=60.0, resync=True, resync_interval=600.0,
                 queue_max=100_000):
        self.host, self.port, self.username, self.secret = host, int(port), username, secret
        self.tls, self.events, self.ping_interval = tls, events, ping_interval
        self.ping_timeout = ping_timeout or max(5.0, ping_interval or 0)
        self.on_event, self.on_status = on_event, on_status
        self.connect_timeout, self.resync, self.resync_interval = connect_timeout, resync, resync_interval
        self.backoff_initial, self.backoff_max = backoff_initial, backoff_max
        self.queue_max = queue_max
        self.state, self.detail = None, None
        self.attempts = 0  # failed attempts since the last good session
        self.retry_in = None
        self.parser = None
        self.greeting = None
        self._writer = None
        self._pending = {}  # ActionID → [future, messages, forward list events]
        self._seq = 0
        self._stopped = False
        self._stop_event = None
        self._queue = None

    # -- public API ------------------------------------------------------------------
    async def run(self):
        self._stop_event = asyncio.Event()
        while not self._stopped:
            if self.state is None:
                await self._status("connecting", f"{self.host}:{self.port}")
            try:
                await self._session()
            except AmiAuthError as exc:
                await self._status("auth_failed", str(exc))
            except (OSError, EOFError, AmiError, asyncio.TimeoutError, ssl_module.SSLError) as exc:
                if not self._stopped:
                    await self._status("disconnected", str(exc) or type(exc).__name__)
            finally:
                self._drop_connection()
            if self._stopped:
                break
            self.retry_in = self._backoff()
            self.attempts += 1
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop_event.wait(), self.retry_in)
        await self._status("stopped", "")

    def stop(self):
        self._stopped = True
        if self._stop_event is not None:
            self._stop_event.set()
        self._drop_connection()

    async def action(self, fields, timeout=10.0, *, forward=False):
        """Send an action, return its messages: the response, then for a list action its
        events up to the ``…Complete`` one. Raises AmiError when not connected or when the
        answer does not come within ``timeout`` seconds. ``forward``: the list's events go
        to ``on_event`` too, in stream order (the re-read of the channels)."""
        if self._writer is None or self._writer.is_closing():
            raise AmiError("not connected to the PBX")
        fields = dict(fields)
        self._seq += 1
        action_id = fields.setdefault("ActionID", f"sp-{self._seq}")
        data = encode_action(fields)
        future = asyncio.get_running_loop().create_future()
        self._pending[action_id] = [future, [], forward]
        try:
            self._writer.write(data)
            await self._writer.drain()
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise AmiError(f"no answer to {fields.get('Action')} within {timeout} s") from None
        except OSError as exc:
            raise AmiError(f"connection lost: {exc}") from exc
        finally:
            self._pending.pop(action_id, None)

    # -- session -----------------------------------------------------------------------
    def _backoff(self):
        # Capped exponential with jitter: a PBX restart must not see every client (or
        # every database's service) come back at the same instant.
        delay = min(self.backoff_max, self.backoff_initial * (2 ** min(self.attempts, 30)))
        return delay * random.uniform(0.5, 1.0)

    async def _session(self):
        context = None
        if self.tls:
            context = self.tls if isinstance(self.tls, ssl_module.SSLContext) \
                else ssl_module.create_default_context()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port, ssl=context), self.connect_timeout)
        self._writer = writer
        # The greeting tells an AMI from anything else listening on that port (a web
        # server, a SIP proxy): say so rather than wait for a login reply forever.
        line = await asyncio.wait_for(reader.readline(), self.connect_timeout)
        if not line.startswith(b"Asterisk Call Manager"):
            raise AmiError("not an Asterisk manager interface (it said {!r})".format(
                line[:60].decode("utf-8", "replace").strip()))
        self.parser = FrameParser()
        self.parser.greeting = line.decode("utf-8", "replace").strip()
        self._queue = asyncio.Queue()
        tasks = [asyncio.ensure_future(self._read(reader)),
                 asyncio.ensure_future(self._dispatch())]
        try:
            login = {"Action": "Login", "Username": self.username, "Secret": self.secret}
            if self.events:
                login["Events"] = self.events
            reply = (await self.action(login, timeout=self.connect_timeout))[0]
            if reply.get("Response", "").lower() != "success":
                raise AmiAuthError(reply.get("Message") or "login refused")
            self.greeting = self.parser.greeting
            self.attempts, self.retry_in = 0, None
            await self._status("connected", self.greeting or "")
            if self.resync:
                await self._resync()
                if self.resync_interval:
                    tasks.append(asyncio.ensure_future(self._resync_every()))
            if self.ping_interval:
                tasks.append(asyncio.ensure_future(self._keepalive()))
            done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()  # the keep-alive's AmiError, or a reader's error
            raise AmiError("connection closed by the PBX")
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _read(self, reader):
        while True:
            data = await reader.read(65536)
            if not data:
                return
            for message in self.parser.feed(data):
                self._route(message)

    def _route(self, message):
        pending = self._pending.get(message.get("ActionID"))
        if pending is None or pending[0].done():
            self._enqueue(message)
            return
        future, messages, forward = pending
        messages.append(message)
        if "Event" in message:
            if forward:
                self._enqueue(message)
            if message.get("EventList", "").lower() == "complete":
                future.set_result(messages)
        elif message.get("EventList", "").lower() != "start":
            future.set_result(messages)

    def _enqueue(self, message):
        if "Event" not in message:
            return  # a late reply to an action that timed out
        if self._queue.qsize() >= self.queue_max:
            # The consumer is stuck: drop the connection, the next session re-reads the
            # channels rather than growing memory without bound.
            _logger.error("AMI: %d events waiting, reconnecting", self._queue.qsize())
            self._drop_connection()
            return
        self._queue.put_nowait(message)

    async def _dispatch(self):
        while True:
            message = await self._queue.get()
            if self.on_event is None:
                continue
            try:
                result = self.on_event(message)
                if asyncio.iscoroutine(result):
                    await result
            except Exception:  # one bad event must not end the session
                _logger.exception("AMI: handling event %s failed", message.get("Event"))

    async def _resync(self):
        reply = (await self.action({"Action": "CoreShowChannels"}, timeout=30.0, forward=True))[0]
        if reply.get("Response", "").lower() != "success":
            # Calls that ended while disconnected would stay "ringing": say why.
            await self._status("connected", "CoreShowChannels refused ({}): the AMI user needs "
                               "write = reporting".format(reply.get("Message", "")))

    async def _resync_every(self):
        # A Hangup lost on the way (a filter, a PBX bug) would keep a call forever: the
        # live channels are re-read now and then, not only after a reconnect.
        while True:
            await asyncio.sleep(self.resync_interval)
            await self._resync()

    async def _keepalive(self):
        while True:
            await asyncio.sleep(self.ping_interval)
            await self.action({"Action": "Ping"}, timeout=self.ping_timeout)

    def _drop_connection(self):
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()
        for future, _messages, _forward in self._pending.values():
            if not future.done():
                future.set_exception(AmiError("connection lost"))
        self._pending.clear()

    async def _status(self, state, detail):
        if (state, detail) == (self.state, self.detail):
            return  # a retry that fails the same way again is not news
        self.state, self.detail = state, detail
        level = logging.WARNING if state in ("auth_failed", "disconnected") else logging.INFO
        _logger.log(level, "AMI %s:%s %s %s", self.host, self.port, state, detail)
        if self.on_status is not None:
            try:
                result = self.on_status(state, detail)
                if asyncio.iscoroutine(result):
                    await result
            except Exception:
                _logger.exception("AMI: status callback failed")
