"""Live calls from the Asterisk Manager Interface (crm_voip_bridge/lib/ami.py and
lib/live_calls.py): traffic recorded from a real Asterisk 20 (tests/fixtures/ami) replayed
through the state machine, and the client against the AMI server on loopback
(lib/ami_server.py)."""

import asyncio
import datetime
import importlib.util
import ipaddress
import json
import logging
import socket
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from odoo.addons.crm_voip_bridge.lib import ami, live_calls
from odoo.addons.crm_voip_bridge.lib.ami import AmiClient, AmiError, FrameParser, encode_action
from odoo.addons.crm_voip_bridge.lib.live_calls import CallChange, ExtensionChange, LiveCalls

ADDON = Path(__file__).resolve().parents[2] / "addons" / "crm_voip_bridge"
FIXTURES = ADDON / "tests" / "fixtures" / "ami"
TRUTH = json.loads((FIXTURES / "truth.json").read_text())
RECORDINGS = sorted(name for name in TRUTH if not name.startswith("_"))


def _load_server():
    spec = importlib.util.spec_from_file_location("ami_server", ADDON / "lib" / "ami_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


srv = _load_server()


def replay(name, live=None, cut=None):
    """Every message of a recording through a fresh parser per connection (cut in
    ``cut``-byte pieces if given) and LiveCalls: (messages, changes, live)."""
    live = live or LiveCalls()
    messages, changes, parser = [], [], None
    for row in srv.transcript(name):
        if row["from"] == "note" and row["data"] == "connected":
            parser = FrameParser()
        if row["from"] != "server":
            continue
        data = row["data"].encode()
        pieces = [data[i:i + cut] for i in range(0, len(data), cut)] if cut else [data]
        for piece in pieces:
            for message in parser.feed(piece):
                messages.append(message)
                changes += live.feed(message)
    return messages, changes, live


def calls_of(changes):
    """{linkedid: [CallChange, ...]} in order."""
    out = {}
    for change in changes:
        if isinstance(change, CallChange):
            out.setdefault(change.linkedid, []).append(change)
    return out


def agents(changes):
    """The agents' extensions on a call, in the order they joined it."""
    seen = []
    for change in changes:
        seen += [ext for ext in change.extensions if ext not in seen]
    return seen


def check_truth(name, changes, live):
    calls = calls_of(changes)
    truth = TRUTH[name]["calls"]
    assert set(calls) == {call["linkedid"] for call in truth}
    for call in truth:
        seen = calls[call["linkedid"]]
        end = seen[-1]
        assert end.state == "ended", (name, end)
        assert [c.state for c in seen].count("ended") == 1
        assert end.direction == call["direction"]
        assert end.external_number == call["number"]
        assert end.answered_extension == call["answered"]
        assert end.disposition == call.get("live_disposition", call["disposition"])
        assert agents(seen) == call["agents"]
        assert (end.answer is not None) == bool(call["answered"])
        assert end.start <= (end.answer or end.end) <= end.end
        if "cause" in call:
            assert end.cause == call["cause"]
    assert live.calls == {} and live.devices == {}, "ended calls are forgotten"


# -- recorded traffic through the state machine -------------------------------------------

@pytest.mark.parametrize("name", RECORDINGS)
def test_recording_gives_the_truth(name):
    _messages, changes, live = replay(name)
    check_truth(name, changes, live)


@pytest.mark.parametrize("name", RECORDINGS)
def test_recording_cut_into_single_bytes_parses_the_same(name):
    whole, _changes, _live = replay(name)
    cut, changes, live = replay(name, cut=1)
    assert cut == whole and whole
    check_truth(name, changes, live)


def test_every_agent_state_is_told_and_ends_idle():
    _messages, changes, _live = replay("queue_second_answers")
    states = [(c.extension, c.state) for c in changes if isinstance(c, ExtensionChange)]
    assert states == [("101", "ringing"), ("101", "idle"), ("102", "ringing"), ("102", "in_use"),
                      ("102", "idle")]


def test_an_agent_calling_out_is_in_use_the_one_called_rings():
    _messages, changes, _live = replay("internal_call")
    states = [(c.extension, c.state) for c in changes if isinstance(c, ExtensionChange)]
    assert states == [("101", "in_use"), ("102", "ringing"), ("102", "in_use"), ("101", "idle"),
                      ("102", "idle")]


def test_queue_legs_are_not_agents():
    _messages, changes, _live = replay("queue_second_answers")
    for change in calls_of(changes)["1796133043.9"]:
        assert all(ext in ("101", "102") for ext in change.extensions), change


def test_call_goes_ringing_talking_ended_without_flapping():
    _messages, changes, _live = replay("incoming_answered")
    states = [c.state for c in calls_of(changes)["1796132970.0"]]
    collapsed = [s for i, s in enumerate(states) if i == 0 or s != states[i - 1]]
    assert collapsed == ["ringing", "talking", "ended"]


def test_blind_transfer_rings_the_second_agent_then_talks():
    _messages, changes, _live = replay("blind_transfer")
    seen = [(c.state, c.extensions, c.answered_extension) for c in calls_of(changes)["1796133021.6"]]
    assert ("ringing", ("102",), "101") in seen  # 102's phone rings: its card pops
    assert ("talking", ("102",), "102") in seen


def test_originate_responses_as_recorded():
    for name in ("originate_success", "originate_rejected", "originate_no_device"):
        messages, _changes, _live = replay(name)
        truth = TRUTH[name]["originate"]
        queued = [m for m in messages if m.get("ActionID") == truth["action_id"] and "Response" in m
                  and "Event" not in m]
        assert queued == [{"Response": "Success", "ActionID": truth["action_id"],
                           "Message": "Originate successfully queued"}]
        (result,) = [m for m in messages if m.get("Event") == "OriginateResponse"]
        assert (result["ActionID"], result["Response"], result["Reason"]) == (
            truth["action_id"], truth["response"], truth["reason"])


def test_originate_from_an_unregistered_phone_makes_it_unavailable():
    _messages, changes, _live = replay("originate_no_device")
    assert changes == [ExtensionChange("104", "unavailable")]


def test_login_refused_as_recorded():
    messages, _changes, _live = replay("login_failed")
    assert messages == [{"Response": "Error", "ActionID": "login-0", "Message": "Authentication failed"}]


def test_reconnect_resync_keeps_the_ringing_call_without_a_second_pop():
    live = LiveCalls()
    connections, parser, per_connection = 0, None, []
    for row in srv.transcript("reconnect_while_ringing"):
        if row["from"] == "note" and row["data"] == "connected":
            parser, connections = FrameParser(), connections + 1
            per_connection.append([])
        if row["from"] == "server":
            for message in parser.feed(row["data"].encode()):
                per_connection[-1].append((message, live.feed(message)))
        if connections == 2 and row["from"] == "client" and "CoreShowChannels" in row["data"]:
            assert list(live.calls) == ["1796133092.20"]  # still ringing while blind
    resync = [changes for message, changes in per_connection[1]
              if message.get("Event") == "CoreShowChannelsComplete"]
    assert resync == [[]], "the re-read finds the call as it was: nothing new to tell"
    listed = [m for m, _c in per_connection[1] if m.get("Event") == "CoreShowChannel"]
    assert {m["Channel"] for m in listed} == {"SIP/101-00000011", "SIP/trunk-00000010"}


def test_pbx_killed_the_resync_ends_the_call():
    _messages, changes, _live = replay("pbx_killed")
    end = calls_of(changes)["1796133161.0"][-1]
    assert (end.state, end.disposition, end.answer) == ("ended", "unknown", None)
    assert ExtensionChange("102", "idle") in changes


def test_a_channel_list_cut_by_a_disconnection_is_not_kept():
    listing = [m for _t, m in srv.server_messages("queue_second_answers") if m.get("ActionID") == "csc-2"]
    live = LiveCalls()
    for message in listing[1:3]:  # two channels, then the connection dropped
        live.feed(dict(message, ActionID="sp-7"))
    changes = []
    for message in listing:
        changes += live.feed(message)
    assert live._listing == {}
    assert len(live.calls) == 1 and len(live.calls["1796133043.9"].channels) == 4


def test_resync_alone_builds_calls_with_their_age():
    events = [m for m in srv.server_messages("queue_second_answers")]
    listing = [m for _t, m in events if m.get("Event") == "CoreShowChannel" and m.get("ActionID") == "csc-2"]
    now = live_calls._utcnow()
    live = LiveCalls(clock=lambda: now)
    changes = live.resync(listing)
    (call,) = [c for c in changes if isinstance(c, CallChange)]
    assert (call.state, call.direction, call.external_number, call.extensions) == (
        "ringing", "in", "09120002005", ("102",))
    assert ExtensionChange("102", "ringing") in changes
    assert (now - call.start).total_seconds() == 7  # the caller's Duration: 00:00:07


# -- bad input ------------------------------------------------------------------------------

def _with_caller(name, number):
    events = srv.call_events(name)
    linkedid = events[0][1]["Linkedid"]
    out = []
    for _t, message in events:
        message = dict(message)
        if message.get("Uniqueid") == linkedid:
            message["CallerIDNum"] = number
        out.append(message)
    return out


@pytest.mark.parametrize("raw, expected", [
    ("", ""), ("anonymous", ""), ("Anonymous", ""), ("<unknown>", ""), ("withheld", ""),
    ("۰۹۱۲۰۰۰۲۰۰۱", "09120002001"), ("٠٩١٢٠٠٠٢٠٠١", "09120002001"), (" 09120002001 ", "09120002001"),
])
def test_caller_ids_withheld_empty_or_in_persian_digits(raw, expected):
    live, changes = LiveCalls(), []
    for message in _with_caller("incoming_answered", raw):
        changes += live.feed(message)
    end = calls_of(changes)["1796132970.0"][-1]
    assert (end.external_number, end.answered_extension, end.disposition) == (expected, "102", "answered")


def test_extensions_given_by_the_service():
    for extensions in ({"101", "102"}, lambda device: device in ("101", "102")):
        live = LiveCalls(extensions=extensions)
        _messages, changes, live = replay("queue_second_answers", live=live)
        check_truth("queue_second_answers", changes, live)
    # An extension the service does not know is the outside world, never an agent.
    _messages, changes, _live = replay("incoming_answered", live=LiveCalls(extensions={"101"}))
    assert all(c.extensions == () for c in calls_of(changes)["1796132970.0"])


@pytest.mark.parametrize("name", ["incoming_answered", "queue_second_answers", "blind_transfer",
                                  "outgoing", "originate_success", "originate_rejected"])
@pytest.mark.parametrize("seed", range(5))
def test_events_out_of_order(name, seed):
    live, changes = LiveCalls(), []
    for _t, message in srv.shuffled(srv.call_events(name), window=2, seed=seed):
        changes += live.feed(message)
    (truth,) = TRUTH[name]["calls"]
    end = calls_of(changes)[truth["linkedid"]][-1]
    assert end.state == "ended"
    assert end.external_number == truth["number"]
    assert live.calls == {} and live.devices == {}


def test_late_events_of_an_ended_call_are_ignored():
    live, changes = LiveCalls(), []
    events = [m for _t, m in srv.call_events("incoming_answered")]
    for message in events:
        changes += live.feed(message)
    assert calls_of(changes)["1796132970.0"][-1].state == "ended"
    for message in events[:8]:  # a replay of its start, late
        assert live.feed(message) == []
    assert live.calls == {}


def test_unknown_and_partial_events():
    live = LiveCalls()
    assert live.feed({"Event": "VarSet", "Channel": "SIP/101-1", "Uniqueid": "1.1", "Linkedid": "1.1"}) == []
    assert live.feed({"Event": "Newchannel"}) == []  # no ids: nothing to attach it to
    assert live.feed({"Event": "Hangup", "Uniqueid": "9.9", "Linkedid": "9.9", "Channel": "SIP/101-9"}) == []
    assert live.calls == {}, "the end of a call never seen is not a call"


def test_device_state_events_when_the_pbx_sends_them():
    live = LiveCalls()
    assert live.feed({"Event": "DeviceStateChange", "Device": "SIP/101", "State": "UNAVAILABLE"}) == [
        ExtensionChange("101", "unavailable")]
    assert live.feed({"Event": "DeviceStateChange", "Device": "SIP/101", "State": "UNAVAILABLE"}) == []
    assert live.feed({"Event": "DeviceStateChange", "Device": "PJSIP/101", "State": "NOT_INUSE"}) == [
        ExtensionChange("101", "idle")]
    assert live.feed({"Event": "DeviceStateChange", "Device": "SIP/trunk", "State": "INUSE"}) == []
    assert live.feed({"Event": "DeviceStateChange", "Device": "Custom:x", "State": "INUSE"}) == []


def _stream(events_count):
    events = srv.call_events("incoming_answered")  # 8 s each, a new one every 0.2 s
    return events, srv.multiply(events, events_count // len(events) + 1, stagger=0.2)


def test_extension_status_of_hints_when_the_pbx_has_them():
    live = LiveCalls()
    event = {"Event": "ExtensionStatus", "Exten": "102", "Context": "ext-local", "Hint": "SIP/102"}
    assert live.feed(dict(event, Status="8", StatusText="Ringing")) == [ExtensionChange("102", "ringing")]
    assert live.feed(dict(event, Status="1", StatusText="InUse")) == [ExtensionChange("102", "in_use")]
    assert live.feed(dict(event, Status="4", StatusText="Unavailable")) == [ExtensionChange("102", "unavailable")]
    assert live.feed(dict(event, Status="-1", StatusText="Removed")) == []
    assert live.feed(dict(event, Exten="*97", Status="0")) == []


def test_memory_stays_flat_over_100000_events():
    events, stream = _stream(100_000)
    live, ended, peak = LiveCalls(), 0, 0
    for _t, message in stream:
        for change in live.feed(message):
            ended += isinstance(change, CallChange) and change.state == "ended"
        peak = max(peak, len(live.calls))
    assert len(stream) >= 100_000 and ended == len(stream) // len(events)
    assert 30 <= peak <= 60  # about 40 calls at once
    assert live.calls == {} and live.devices == {}
    assert len(live.gone_channels) == len(live.gone_calls) == live_calls.REMEMBER


def test_memory_allocated_stays_flat():
    _events, stream = _stream(16_000)
    live, sizes = LiveCalls(remember=200), []
    tracemalloc.start()
    try:
        for index, (_t, message) in enumerate(stream):
            live.feed(message)
            if index in (len(stream) // 2, len(stream) - 1):
                sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    assert sizes[1] - sizes[0] < 16 * 1024, sizes  # the second half leaves nothing behind


# -- frames ---------------------------------------------------------------------------------

def test_parser_tolerates_garbage_bare_newlines_and_bad_bytes():
    parser = FrameParser()
    out = parser.feed(b"Asterisk Call Manager/9.0.0\r\nEvent: Newchannel\r\nthis is no header\r\n"
                      b"Channel: SIP/101-1\r\n: empty key\r\n\r\n")
    assert parser.greeting == "Asterisk Call Manager/9.0.0"
    assert out == [{"Event": "Newchannel", "Channel": "SIP/101-1"}]
    assert parser.malformed == 2
    assert parser.feed(b"Event: Hangup\nCallerIDName: \xd8\xb9\xd9\x84\xdb\x8c\xff\nUniqueid: 1\n\n") == [
        {"Event": "Hangup", "CallerIDName": "علی\ufffd", "Uniqueid": "1"}]
    assert parser.feed(b"\r\n\r\n") == []


def test_parser_drops_a_frame_that_never_ends():
    parser = FrameParser(max_frame=1000)
    assert parser.feed(b"Event: X\r\n" + b"A" * 2000) == []
    assert parser.dropped == 1 and parser.buffer == b""
    assert parser.feed(b"Event: Hangup\r\n\r\n") == [{"Event": "Hangup"}]


def test_actions_cannot_inject_headers():
    assert encode_action({"Action": "Originate", "Variable": ["A=1", "B=2"]}) == (
        b"Action: Originate\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n")
    with pytest.raises(ValueError):
        encode_action({"Action": "Originate", "Exten": "0912\r\nAction: Logoff"})
    # An AmiError too: the service's Originate fails the request instead of losing it.
    with pytest.raises(AmiError):
        encode_action({"Action": "Originate", "Channel": "SIP/101\nAction: Logoff"})


# -- the client against the AMI server on loopback -------------------------------------------

class Harness:
    """A client (fast backoff and pings) feeding LiveCalls, against an AmiServer."""

    def __init__(self, server, secret="secret", **kw):
        self.server, self.live = server, LiveCalls()
        self.events, self.changes, self.statuses = [], [], []
        options = {"ping_interval": 0, "backoff_initial": 0.05, "backoff_max": 0.2, **kw}
        self.client = AmiClient(server.host, server.port, "salespanel", secret,
                                on_event=self._event, on_status=lambda *s: self.statuses.append(s),
                                **options)

    def _event(self, event):
        self.events.append(event)
        self.changes.extend(self.live.feed(event))

    async def until(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, "timed out"
            await asyncio.sleep(0.01)

    async def connected(self, logins=1):
        await self.until(lambda: self.client.state == "connected"
                         and sum(ok for _t, _u, ok in self.server.logins) >= logins)
        # the re-read after each login is done once its list reached the events
        await self.until(lambda: sum(e.get("Event") == "CoreShowChannelsComplete"
                                     for e in self.events) >= logins)

    async def emit(self, messages):
        await asyncio.to_thread(self.server.emit, *messages)


def until_ringing(name):
    """A recording's call events and how many of them lead to the first phone ringing."""
    events = [m for _t, m in srv.call_events(name)]
    return events, next(i for i, m in enumerate(events) if m.get("ChannelStateDesc") == "Ringing") + 1


def run_with(server, body, **kw):
    async def main():
        harness = Harness(server, **kw)
        task = asyncio.ensure_future(harness.client.run())
        try:
            await body(harness)
        finally:
            harness.client.stop()
            await asyncio.wait_for(task, 5)
        return harness
    try:
        return asyncio.run(main())
    finally:
        server.stop()


def test_login_refused_is_reported_once_retried_with_backoff_then_recovers(caplog):
    server = srv.AmiServer(users={"salespanel": "secret"}).start()

    async def body(h):
        await asyncio.sleep(1.5)
        attempts = len(server.logins)
        assert 3 <= attempts <= 20, attempts  # keeps retrying, backing off (no tight loop)
        assert h.statuses == [("connecting", f"127.0.0.1:{server.port}"),
                              ("auth_failed", "Authentication failed")]
        assert h.client.retry_in <= 0.2
        server.users["salespanel"] = "wrong"  # the administrator fixes the secret
        await h.connected()

    with caplog.at_level(logging.INFO, logger=ami.__name__):
        harness = run_with(server, body, secret="wrong")
    assert harness.statuses[-2:] == [("connected", "Asterisk Call Manager/9.0.0"), ("stopped", "")]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, "a failing login is logged once, not at every retry"


def test_backoff_is_exponential_capped_and_jittered():
    client = AmiClient("127.0.0.1", 1, "u", "s", backoff_initial=1, backoff_max=60)
    delays = []
    for attempts in range(12):
        client.attempts = attempts
        delays.append(client._backoff())
    assert 0.5 <= delays[0] <= 1 and 2 <= delays[2] <= 4
    assert all(30 <= d <= 60 for d in delays[7:])
    assert len(set(delays)) == len(delays)  # jitter


def test_dropped_mid_call_the_resync_keeps_the_ringing_call():
    server = srv.AmiServer().start()
    events, ringing = until_ringing("reconnect_while_ringing")

    async def body(h):
        await h.connected()
        await h.emit(events[:ringing])
        await h.until(lambda: "1796133092.20" in h.live.calls and h.changes
                      and h.changes[-1] == ExtensionChange("101", "ringing"))
        told = len(h.changes)
        server.drop()
        await h.connected(logins=2)
        assert h.changes[told:] == [], "the re-read finds the same ringing call: no pop again"
        assert h.live.calls["1796133092.20"].channels
        await h.emit(events[ringing:])
        await h.until(lambda: "1796133092.20" not in h.live.calls)

    harness = run_with(server, body)
    check_truth("reconnect_while_ringing", harness.changes, harness.live)
    assert [s for s, _d in harness.statuses].count("disconnected") == 1


def test_events_missed_while_disconnected_come_back_with_the_resync():
    server = srv.AmiServer().start()
    events = [m for _t, m in srv.call_events("incoming_answered")]
    bridged = max(i for i, m in enumerate(events) if m.get("Event") == "BridgeEnter") + 1

    async def body(h):
        await h.connected()
        await h.emit(events[:3])
        await h.until(lambda: "1796132970.0" in h.live.calls)
        server.drop()
        server.emit(*events[3:bridged])  # answered while the service could not see it
        told = len(h.changes)
        await h.connected(logins=2)
        await h.until(lambda: any(getattr(c, "state", "") == "talking" for c in h.changes[told:]))
        talking = [c for c in h.changes[told:] if getattr(c, "state", "") == "talking"]
        assert talking[0].extensions == ("102",) and talking[0].answered_extension == "102"
        await h.emit(events[bridged:])
        await h.until(lambda: not h.live.calls)

    harness = run_with(server, body)
    end = calls_of(harness.changes)["1796132970.0"][-1]
    assert (end.state, end.disposition, end.answered_extension) == ("ended", "answered", "102")


def test_malformed_and_partial_frames_do_not_break_the_session():
    server = srv.AmiServer().start()
    data = b"".join(srv.encode(m) for _t, m in srv.call_events("incoming_answered"))

    async def body(h):
        await h.connected()
        await asyncio.to_thread(server.send_raw, b"garbage without colon\r\n\x00\xff\r\n\r\nEvent: Bogus\r\n\r\n")
        await asyncio.to_thread(server.send_raw, data, chunk=7)
        await h.until(lambda: any(c.state == "ended" for c in h.changes if isinstance(c, CallChange)))

    harness = run_with(server, body)
    assert len(server.logins) == 1, "no reconnect"
    assert harness.client.parser.malformed >= 1
    assert any(e.get("Event") == "Bogus" for e in harness.events)  # unknown events pass, harmless
    end = calls_of(harness.changes)["1796132970.0"][-1]
    assert (end.disposition, end.answered_extension) == ("answered", "102")


def test_events_out_of_order_over_the_wire():
    server = srv.AmiServer().start()
    events = [m for _t, m in srv.shuffled(srv.call_events("queue_second_answers"), window=2, seed=3)]

    async def body(h):
        await h.connected()
        await h.emit(events)
        await h.until(lambda: any(c.state == "ended" for c in h.changes if isinstance(c, CallChange)))

    harness = run_with(server, body)
    assert harness.live.calls == {}


def test_200_simultaneous_calls():
    server = srv.AmiServer().start()
    events = [m for _t, m in srv.multiply(srv.call_events("incoming_answered"), 200)]
    peak = []

    async def body(h):
        await h.connected()
        started = time.monotonic()
        await h.emit(events)
        await h.until(lambda: sum(isinstance(c, CallChange) and c.state == "ended" for c in h.changes) == 200)
        peak.append(time.monotonic() - started)

    harness = run_with(server, body)
    calls = calls_of(harness.changes)
    assert len(calls) == 200
    assert all(seen[-1].disposition == "answered" and seen[-1].answered_extension.startswith("102")
               for seen in calls.values())
    assert len({seen[-1].external_number for seen in calls.values()}) == 200
    assert harness.live.calls == {}
    print(f"200 simultaneous calls, {len(events)} events: {peak[0]:.2f} s")


def test_ping_keeps_alive_and_a_silent_pbx_is_left():
    server = srv.AmiServer().start()

    async def body(h):
        await h.connected()
        await asyncio.sleep(0.6)
        assert sum(a.get("Action") == "Ping" for a in server.actions) >= 3
        assert len(server.logins) == 1
        server.answer_pings = False  # the PBX hangs: no answer, the socket stays open
        await h.until(lambda: len(server.logins) >= 2, timeout=15)

    harness = run_with(server, body, ping_interval=0.1, ping_timeout=0.3)
    assert ("disconnected", "no answer to Ping within 0.3 s") in harness.statuses


def test_originate_success_failure_and_error():
    server = srv.AmiServer().start()
    originate = {"Action": "Originate", "Channel": "SIP/101", "Context": "from-internal",
                 "Exten": "09351112233", "Priority": 1, "Async": "true", "ChannelId": "sp-1"}

    async def body(h):
        with pytest.raises(AmiError):
            await h.client.action({"Action": "Ping"})  # not connected yet
        await h.connected()
        reply = await h.client.action(dict(originate, ActionID="o-1"))
        assert reply == [{"Response": "Success", "ActionID": "o-1", "Message": "Originate successfully queued"}]
        server.originate = "failure"
        await h.client.action(dict(originate, ActionID="o-2", Channel="SIP/104"))
        server.originate = "error"
        reply = await h.client.action(dict(originate, ActionID="o-3"))
        assert reply[0]["Response"] == "Error"
        await h.until(lambda: sum(e.get("Event") == "OriginateResponse" for e in h.events) == 2)
        listing = await h.client.action({"Action": "CoreShowChannels"})
        assert [m.get("EventList") for m in listing] == ["start", "Complete"]

    harness = run_with(server, body)
    results = {e["ActionID"]: (e["Response"], e["Reason"]) for e in harness.events
               if e.get("Event") == "OriginateResponse"}
    assert results == {"o-1": ("Success", "4"), "o-2": ("Failure", "0")}
    assert ExtensionChange("104", "unavailable") in harness.changes
    sent = [a for a in server.actions if a.get("Action") == "Originate"]
    assert sent[0] == {**{k: str(v) for k, v in originate.items()}, "ActionID": "o-1"}


def test_only_call_events_are_asked_for():
    server = srv.AmiServer().start()

    async def body(h):
        await h.connected()

    run_with(server, body)
    (login,) = [a for a in server.actions if a.get("Action") == "Login"]
    assert login["Events"] == "call"


def test_an_ami_user_without_the_right_to_list_channels_is_told():
    server = srv.AmiServer().start()
    server.refused_actions.add("coreshowchannels")

    async def body(h):
        await h.until(lambda: h.client.state == "connected" and "reporting" in (h.client.detail or ""))

    harness = run_with(server, body)
    assert ("connected", "CoreShowChannels refused (Permission denied): the AMI user needs write = reporting") \
        in harness.statuses


def test_a_lost_hangup_is_healed_by_the_periodic_resync():
    server = srv.AmiServer().start()
    events, ringing = until_ringing("incoming_missed")

    async def body(h):
        await h.connected()
        await h.emit(events[:ringing])
        await h.until(lambda: "1796132985.2" in h.live.calls and h.live.devices)
        server.channels.clear()  # the call ends, its Hangup events never reach the service
        await h.until(lambda: not h.live.calls, timeout=5)

    harness = run_with(server, body, resync_interval=0.3)
    end = calls_of(harness.changes)["1796132985.2"][-1]
    assert (end.state, end.disposition) == ("ended", "unknown")
    assert harness.live.devices == {} and harness.live.extension_states == {"101": "idle"}


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1 and its key, as files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pbx.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "pbx.pem", tmp_path / "pbx.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_with_the_pbx_certificate_and_a_refused_one(tmp_path):
    cert_file, key_file = _self_signed(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    trusting = ssl.create_default_context(cafile=str(cert_file))
    server = srv.AmiServer(tls=server_context).start()
    events = [m for _t, m in srv.call_events("incoming_answered")]

    async def body(h):
        await h.connected()
        await h.emit(events)
        await h.until(lambda: not h.live.calls and h.changes)

    harness = run_with(server, body, tls=trusting)
    check_truth("incoming_answered", harness.changes, harness.live)

    # The system's trust store does not know the PBX's certificate: no session, a clear error.
    server = srv.AmiServer(tls=server_context).start()

    async def refused(h):
        await h.until(lambda: h.client.state == "disconnected")
        await asyncio.sleep(0.5)

    harness = run_with(server, refused, tls=True)
    assert server.logins == []
    ((state, detail),) = [s for s in harness.statuses if s[0] == "disconnected"]
    assert "CERTIFICATE_VERIFY_FAILED" in detail


def test_something_else_on_the_port_is_named():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer():
        for _ in range(2):
            conn, _addr = listener.accept()
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()

    threading.Thread(target=answer, daemon=True).start()
    statuses = []

    async def main():
        client = AmiClient("127.0.0.1", port, "salespanel", "secret", backoff_initial=0.05, backoff_max=0.1,
                           on_status=lambda *s: statuses.append(s))
        task = asyncio.ensure_future(client.run())
        while len(statuses) < 2:
            await asyncio.sleep(0.01)
        client.stop()
        await task

    asyncio.run(main())
    listener.close()
    assert statuses[1] == ("disconnected", "not an Asterisk manager interface (it said 'HTTP/1.1 400 Bad Request')")


def test_the_server_runs_alone_as_a_demo_pbx():
    """``python3 ami_server.py``: no Odoo on its path, recordings replayed round after round."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    demo = subprocess.Popen([sys.executable, "-S", str(ADDON / "lib" / "ami_server.py"), "--port", str(port),
                             "--speed", "0", "--repeat", "4", "--play", "incoming_answered"],
                            stdout=subprocess.PIPE, text=True, cwd="/")
    try:
        assert demo.stdout.readline() == f"AMI on 127.0.0.1:{port}, user salespanel\n"
        changes, live = [], LiveCalls()

        async def main():
            client = AmiClient("127.0.0.1", port, "salespanel", "secret", ping_interval=0,
                               on_event=lambda e: changes.extend(live.feed(e)))
            task = asyncio.ensure_future(client.run())
            deadline = time.monotonic() + 10
            while not any(getattr(c, "state", "") == "ended" for c in changes) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            client.stop()
            await task

        asyncio.run(main())
    finally:
        demo.kill()
        demo.wait()
    (end,) = [c for c in changes if getattr(c, "state", "") == "ended"][:1]
    assert end.linkedid.startswith("1796132970.0-r") and end.answered_extension == "102"
