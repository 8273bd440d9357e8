"""An Asterisk Manager Interface (AMI) server on loopback that replays traffic recorded from a
real Asterisk 20 (``tests/fixtures/ami/*.jsonl``), for the tests of the AMI client, of the
live-call service, for the benchmarks and for demos (``python3 lib/ami_server.py``). Plain
Python (no Odoo, no test framework): it runs alone, or loads by path.

The server is "the PBX": its timeline of events goes on whether a client is connected or
not (``emit``/``play``); it tracks the live channels from the events it emitted to answer
``CoreShowChannels`` as Asterisk does; it can refuse logins, drop connections mid-call, send
malformed or cut frames, ignore pings, and answer ``Originate`` with success or failure.
"""

import argparse
import contextlib
import importlib.util
import json
import os
import random
import socket
import sys
import threading
import time

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "fixtures", "ami")
GREETING = b"Asterisk Call Manager/9.0.0\r\n"
# The headers of a channel Asterisk repeats in every channel event and in CoreShowChannel.
CHANNEL_HEADERS = ("Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
                   "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context",
                   "Exten", "Priority", "Uniqueid", "Linkedid")
STATE_DESC = {"0": "Down", "4": "Ring", "5": "Ringing", "6": "Up"}


def _load_lib_ami():
    # lib/ami.py by path: run as a script, or loaded by path, there is no package to import
    # it from (and importing the addon's package would import Odoo).
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ami.py")
    spec = importlib.util.spec_from_file_location("_sales_panel_lib_ami", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ami = _load_lib_ami()
FrameParser = _ami.FrameParser


def encode(message):
    return "".join(f"{key}: {value}\r\n" for key, value in message.items()).encode() + b"\r\n"


def transcript(name):
    """The recorded rows of ``fixtures/ami/<name>.jsonl``: {"t", "from", "data"}."""
    path = name if os.path.isabs(name) else os.path.join(FIXTURES, name + ".jsonl")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def server_messages(name):
    """Every message the real server sent, parsed, each with its time: [(t, dict)], one
    parser per recorded connection."""
    out, parser = [], None
    for row in transcript(name):
        if row["from"] == "note" and row["data"] == "connected":
            parser = FrameParser()
        elif row["from"] == "server":
            out += [(row["t"], message) for message in parser.feed(row["data"].encode())]
    return out


def call_events(name):
    """The PBX's own events of a recording (not the replies to the recorder's actions):
    the timeline to replay, [(t, dict)]."""
    return [(t, m) for t, m in server_messages(name)
            if "Event" in m and m["Event"] not in ("CoreShowChannel", "CoreShowChannelsComplete")]


def multiply(events, copies, stagger=0.0):
    """``copies`` calls from one recorded call: ids, channel names and caller numbers made
    unique per copy, the copies' events interleaved in time order; all simultaneous, or
    each one starting ``stagger`` seconds after the one before."""
    out = []
    for copy in range(copies):
        tag = f"{copy:04d}"
        for t, message in events:
            t += copy * stagger
            new = dict(message)
            for key in ("Uniqueid", "Linkedid", "DestUniqueid", "DestLinkedid", "BridgeUniqueid"):
                if new.get(key):
                    new[key] = f"{new[key]}-{tag}"
            for key in ("Channel", "DestChannel"):
                if new.get(key):
                    new[key] = f"{new[key]}{tag}"
            for key in ("CallerIDNum", "ConnectedLineNum", "DestCallerIDNum", "DestConnectedLineNum"):
                value = new.get(key, "")
                if len(value) >= 7 and value.isdigit():
                    new[key] = value[:-4] + tag
            out.append((t, copy, new))
    out.sort(key=lambda row: (row[0], row[1]))
    return [(t, message) for t, _copy, message in out]


def shuffled(events, window=3, seed=0):
    """Events out of order: each one moved by up to ``window`` places (deterministic)."""
    rng = random.Random(seed)
    keyed = [(index + rng.uniform(0, window), message) for index, (_t, message) in enumerate(events)]
    return [(0.0, message) for _key, message in sorted(keyed, key=lambda row: row[0])]


class _Connection:
    def __init__(self, server, sock):
        self.server, self.sock = server, sock
        self.lock = threading.Lock()
        self.logged_in = False
        self.parser = FrameParser()
        self.closed = False

    def send(self, data):
        with self.lock:
            if self.closed:
                return False
            try:
                self.sock.sendall(data)
                return True
            except OSError:
                self.close()
                return False

    def close(self):
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()

    def serve(self):
        self.send(GREETING)
        while not self.closed:
            try:
                data = self.sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            for action in self.parser.feed(data):
                self.server._handle(self, action)
        self.closed = True
        self.server._forget(self)


class AmiServer:
    """``AmiServer(users={"salespanel": "secret"}).start()``; ``host``/``port`` to connect."""

    def __init__(self, users=None, host="127.0.0.1", tls=None, port=0):
        self.users = dict(users or {"salespanel": "secret"})
        self.tls = tls  # an ssl.SSLContext (server side): AMI over TLS, as Asterisk's port 5039
        self.refuse_logins = False
        self.answer_pings = True
        self.originate = "success"  # or "failure" (the phone is unreachable), "error"
        self.refused_actions = set()  # lower-case names answered "Permission denied" (rights)
        self.actions = []  # every action received, as dicts (the tests read what was sent)
        self.logins = []  # (time, username, accepted)
        self.channels = {}  # uniqueid → the channel's latest headers, as Asterisk lists them
        self.connections = []
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self._sock.listen(256)
        self.host, self.port = self._sock.getsockname()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._stopped = False

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stopped = True
        self._sock.close()
        self.drop()

    # -- the PBX's timeline ------------------------------------------------------------
    def emit(self, *messages):
        """Events happen in the PBX: its channels change and logged-in clients are told."""
        data = b""
        for message in messages:
            self._track(message)
            data += encode(message)
        self.send_raw(data)

    def play(self, events, speed=0.0):
        """Emit recorded ``[(t, event)]``; ``speed`` 1.0 keeps the recorded pace, 0 none."""
        start, first = time.monotonic(), events[0][0] if events else 0.0
        for t, message in events:
            if speed:
                delay = (t - first) / speed - (time.monotonic() - start)
                if delay > 0:
                    time.sleep(delay)
            self.emit(message)

    def send_raw(self, data, chunk=None, pause=0.0):
        """Bytes as they are (malformed frames), cut in ``chunk``-byte pieces if given."""
        for connection in self._logged_in():
            pieces = [data] if not chunk else [data[i:i + chunk] for i in range(0, len(data), chunk)]
            for piece in pieces:
                connection.send(piece)
                if pause:
                    time.sleep(pause)

    def drop(self):
        """The network fails: every connection is cut (the PBX's calls go on)."""
        with self._lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            connection.close()

    def wait_logins(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(1 for _t, _u, ok in self.logins if ok) >= count:
                return True
            time.sleep(0.01)
        return False

    # -- internals ---------------------------------------------------------------------
    def _accept(self):
        while not self._stopped:
            try:
                sock, _addr = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock):
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_side=True)
            except OSError:  # the client refused our certificate
                sock.close()
                return
        connection = _Connection(self, sock)
        with self._lock:
            self.connections.append(connection)
        connection.serve()

    def _forget(self, connection):
        with self._lock:
            if connection in self.connections:
                self.connections.remove(connection)

    def _logged_in(self):
        with self._lock:
            return [c for c in self.connections if c.logged_in and not c.closed]

    def _track(self, message):
        event = message.get("Event")
        uniqueid = message.get("Uniqueid")
        if event in ("DialBegin", "DialEnd") and message.get("DestUniqueid"):
            dest = {key: message.get("Dest" + key, "") for key in CHANNEL_HEADERS}
            if dest["Uniqueid"] in self.channels or event == "DialBegin":
                self.channels.setdefault(dest["Uniqueid"], {"_start": time.monotonic()}).update(dest)
        if not uniqueid or not message.get("Channel"):
            return
        if event == "Hangup":
            self.channels.pop(uniqueid, None)
            return
        channel = self.channels.setdefault(uniqueid, {"_start": time.monotonic()})
        channel.update({key: message[key] for key in CHANNEL_HEADERS if key in message})
        if event == "BridgeEnter":
            channel["BridgeId"] = message.get("BridgeUniqueid", "")
        elif event == "BridgeLeave":
            channel["BridgeId"] = ""

    def _handle(self, connection, action):
        self.actions.append(action)
        name = action.get("Action", "").lower()
        action_id = {"ActionID": action["ActionID"]} if "ActionID" in action else {}
        reply = None
        if name == "login":
            ok = (not self.refuse_logins and action.get("Username") in self.users
                  and self.users[action.get("Username")] == action.get("Secret"))
            self.logins.append((time.monotonic(), action.get("Username"), ok))
            if not ok:
                connection.send(encode({"Response": "Error", **action_id,
                                        "Message": "Authentication failed"}))
                connection.close()  # as Asterisk does
                return
            connection.send(encode({"Response": "Success", **action_id,
                                    "Message": "Authentication accepted"}))
            connection.logged_in = True
            return
        if not connection.logged_in or name in self.refused_actions:
            reply = {"Response": "Error", **action_id, "Message": "Permission denied"}
        elif name == "ping":
            if not self.answer_pings:
                return
            reply = {"Response": "Success", **action_id, "Ping": "Pong",
                     "Timestamp": f"{time.time():.6f}"}
        elif name == "coreshowchannels":
            connection.send(self._core_show_channels(action_id))
            return
        elif name == "originate":
            connection.send(b"".join(encode(m) for m in self._originate(action, action_id)))
            return
        elif name == "events":
            reply = {"Response": "Success", **action_id, "Events": "On"}
        elif name == "logoff":
            connection.send(encode({"Response": "Goodbye", **action_id,
                                    "Message": "Thanks for all the fish."}))
            connection.close()
            return
        else:
            reply = {"Response": "Error", **action_id, "Message": "Invalid/unknown command"}
        connection.send(encode(reply))

    def _core_show_channels(self, action_id):
        data = encode({"Response": "Success", **action_id, "EventList": "start",
                       "Message": "Channels will follow"})
        channels = list(self.channels.values())
        for channel in channels:
            seconds = int(time.monotonic() - channel["_start"])
            state = channel.get("ChannelState", "0")
            data += encode({"Event": "CoreShowChannel", **action_id,
                            **{key: channel.get(key, "") for key in CHANNEL_HEADERS},
                            "ChannelStateDesc": STATE_DESC.get(state, "Unknown"),
                            "Application": "Dial", "ApplicationData": "",
                            "Duration": f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}",
                            "BridgeId": channel.get("BridgeId", "")})
        data += encode({"Event": "CoreShowChannelsComplete", **action_id, "EventList": "Complete",
                        "ListItems": str(len(channels))})
        return data

    def _originate(self, action, action_id):
        if self.originate == "error" or not action.get("Channel"):
            return [{"Response": "Error", **action_id, "Message": "Channel not specified"
                     if not action.get("Channel") else "Originate failed"}]
        messages = [{"Response": "Success", **action_id, "Message": "Originate successfully queued"}]
        success = self.originate == "success"
        messages.append({
            "Event": "OriginateResponse", "Privilege": "call,all", **action_id,
            "Response": "Success" if success else "Failure", "Channel": action["Channel"],
            "Context": action.get("Context", ""), "Exten": action.get("Exten", ""),
            "Reason": "4" if success else "0", "Uniqueid": action.get("ChannelId", "<null>"),
            "CallerIDNum": "<unknown>", "CallerIDName": "<unknown>"})
        return messages


def main(argv=None):
    """A demo PBX: ``python3 lib/ami_server.py --port 5038 --user salespanel:secret --play
    incoming_answered queue_second_answers --speed 1 --repeat 0`` replays recordings at their
    pace, over and over (``--repeat 0``), each round with fresh ids."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="salespanel:secret", help="login:secret")
    parser.add_argument("--play", nargs="*", default=["incoming_answered"], help="recordings (fixtures/ami)")
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=1, help="rounds, 0: forever")
    args = parser.parse_args(argv)
    login, _sep, secret = args.user.partition(":")
    server = AmiServer(users={login: secret}, port=args.port).start()
    sys.stdout.write(f"AMI on {server.host}:{server.port}, user {login}\n")
    sys.stdout.flush()
    rounds = 0
    with contextlib.suppress(KeyboardInterrupt):
        while not args.repeat or rounds < args.repeat:
            for name in args.play:
                events = [(t, {k: (f"{v}-r{rounds}" if k in ("Uniqueid", "Linkedid", "DestUniqueid",
                                                              "DestLinkedid") and v else v)
                               for k, v in m.items()}) for t, m in call_events(name)]
                server.play(events, speed=args.speed)
                time.sleep(1.0)
            rounds += 1
    server.stop()


if __name__ == "__main__":
    main()
