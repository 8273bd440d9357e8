"""AMI events to live calls and extension states: a pure state machine, no I/O, no ORM.

What it relies on, as recorded from a real Asterisk 20 (``tests/fixtures/ami``):

* Every channel of a call carries the ``Linkedid`` of the channel that started it (the
  trunk's for an incoming call, the agent's phone for an outgoing one or an ``Originate``);
  queues and transfers keep it. A call is its linkedid; it ends when its last channel hangs
  up, and is then forgotten (memory stays flat however many calls go by).
* An agent is a phone's own channel (``SIP/101-0000000a``) whose device is an extension;
  ``Local/…;1``/``;2`` channels of queues and transfers only carry the call to it and are
  never counted as agents; the trunk's channels are the outside party.
* A call is *talking* while an agent's phone is in a bridge (``BridgeEnter`` …
  ``BridgeLeave``) or was answered as the destination of a ``Dial`` (``DialEnd ANSWER``):
  the IVR, a queue's hold music or voicemail answer the caller's channel (it goes ``Up``)
  without any agent, and such a call is still ringing or, at the end, missed.
* Events may arrive late or out of order: any event of a channel creates it, and the
  events of a channel that hung up or of a call that ended are ignored (bounded memory).
* After a reconnect, ``CoreShowChannel`` events (``resync``) replace what was known: calls
  no longer listed ended while the connection was down.
"""

import collections
import contextlib
import dataclasses
import datetime
import re

from odoo.addons.crm_sales_base.lib.persian import normalize_digits

from .cdr import device_of

# Caller IDs that say "withheld" rather than give a number.
_WITHHELD = {"", "anonymous", "unknown", "<unknown>", "private", "restricted", "unavailable",
             "withheld", "s"}
# Asterisk's ChannelState: 0 Down, 4 Ring (dialling out), 5 Ringing (alerting), 6 Up.
UP = 6
RINGING = 5
# DialEnd's DialStatus → the call's disposition when nobody answered.
DIAL_DISPOSITIONS = {"BUSY": "busy", "CHANUNAVAIL": "failed", "CONGESTION": "congestion",
                     "NOANSWER": "no_answer", "CANCEL": "no_answer"}
# Hang-up causes (Q.850) of the outside party that say it refused the call: a provider
# answers a number it rejects with 404 → cause 1 while the Dial reads NOANSWER (recorded).
REFUSING_CAUSES = {1: "failed", 2: "failed", 3: "failed", 21: "failed", 22: "failed", 27: "failed",
                   28: "failed", 17: "busy", 34: "congestion", 38: "congestion", 41: "congestion",
                   42: "congestion", 44: "congestion"}
# DeviceStateChange's State (res_manager_devicestate) → an extension's state.
DEVICE_STATES = {"NOT_INUSE": "idle", "INUSE": "in_use", "BUSY": "in_use", "ONHOLD": "in_use",
                 "RINGINUSE": "in_use", "RINGING": "ringing", "UNAVAILABLE": "unavailable",
                 "INVALID": "unavailable"}
# ExtensionStatus's Status (the dialplan's hints) → an extension's state.
HINT_STATES = {"0": "idle", "1": "in_use", "2": "in_use", "4": "unavailable", "8": "ringing",
               "9": "in_use", "16": "in_use", "17": "in_use"}
# How many hung-up channels and ended calls are remembered to ignore their late events
# (late by a few events, not by thousands of calls).
REMEMBER = 5_000
_DIGITS_ONLY = re.compile(r"^\d{2,6}$")


@dataclasses.dataclass(frozen=True)
class CallChange:
    linkedid: str
    state: str  # ringing, talking, ended
    direction: str  # in, out, internal
    external_number: str  # as the PBX gave it, Persian digits made ASCII; "" when withheld
    extensions: tuple  # agents' extensions ringing or talking now (sorted)
    answered_extension: str  # the agent who answered (last one after a transfer), or ""
    start: datetime.datetime
    answer: datetime.datetime = None
    end: datetime.datetime = None
    disposition: str = None  # when ended: answered, no_answer, busy, failed, congestion, unknown
    cause: int = 0  # Q.850 cause of an outside party that refused the call (1: unallocated number)
    cause_text: str = ""  # Asterisk's words for it ("Unallocated (unassigned) number")


@dataclasses.dataclass(frozen=True)
class ExtensionChange:
    extension: str
    state: str  # idle, ringing, in_use, unavailable


def clean_number(value):
    """A caller ID as a number: Persian/Arabic digits made ASCII, "" when withheld."""
    text = normalize_digits(value or "").strip()
    return "" if text.lower() in _WITHHELD else text


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class _Channel:
    __slots__ = ("uniqueid", "name", "device", "agent", "local", "state", "bridges",
                 "answered", "number", "exten", "originated")

    def __init__(self, uniqueid, name, agent):
        self.uniqueid, self.name = uniqueid, name
        self.device = device_of(name)
        self.local = name.startswith("Local/")
        self.agent = bool(self.device) and agent(self.device)
        self.state = 0
        self.bridges = set()
        self.answered = False  # answered as the destination of a Dial
        self.originated = False  # the first leg of an AMI Originate (rings the agent first)
        self.number = self.exten = ""

    @property
    def external(self):
        return bool(self.device) and not self.agent

    @property
    def talking(self):
        return self.agent and self.state == UP and bool(self.bridges or self.answered)


class _Call:
    __slots__ = ("linkedid", "channels", "start", "answer", "answered_extension", "direction",
                 "number", "dial_status", "cause", "dialling", "sent")

    def __init__(self, linkedid, start):
        self.linkedid, self.start = linkedid, start
        self.channels = {}
        self.answer = None
        self.answered_extension = ""
        self.direction = None
        self.number = ""
        self.dial_status = None
        self.cause = (0, "")
        self.dialling = ""  # the outside number an AMI Originate calls (its caller ID)
        self.sent = None  # what the last CallChange said


class LiveCalls:
    """``feed(event)`` and ``resync(core_show_channel_events)`` return the changes they cause:
    ``CallChange`` of calls and ``ExtensionChange`` of agents' extensions.

    ``extensions``: the PBX's agent extensions (a set or any container, or a callable
    ``device name → bool``); by default a device named by 2 to 6 digits is an extension and
    any other (``trunk``, ``provider-out``) is the outside."""

    def __init__(self, extensions=None, clock=_utcnow, remember=REMEMBER):
        if extensions is None:
            self.is_extension = lambda device: bool(_DIGITS_ONLY.match(device))
        elif callable(extensions):
            self.is_extension = extensions
        else:
            self.is_extension = extensions.__contains__
        self.clock = clock
        self.remember = remember
        self.calls = {}  # linkedid → _Call
        self.devices = {}  # extension → {uniqueid: its live channels}
        self.gone_channels = collections.OrderedDict()  # uniqueids that hung up
        self.gone_calls = collections.OrderedDict()  # linkedids that ended
        self.extension_states = {}  # extension → last state told
        self._listing = {}  # ActionID → CoreShowChannel events of a list being received

    # -- public ------------------------------------------------------------------------
    def feed(self, event):
        name = event.get("Event", "")
        now = self._time(event)
        if name == "CoreShowChannel":
            if event.get("ActionID", "") not in self._listing:
                self._listing.clear()  # a list cut by a disconnection never completes
            listing = self._listing.setdefault(event.get("ActionID", ""), [])
            if len(listing) < 100_000:
                listing.append(event)
            return []
        if name == "CoreShowChannelsComplete":
            return self.resync(self._listing.pop(event.get("ActionID", ""), []), now=now)
        if name == "DeviceStateChange":
            return self._device_state(event)
        if name == "ExtensionStatus":
            ext, state = event.get("Exten", ""), HINT_STATES.get(event.get("Status", ""))
            return self._extension(ext, state) if state and self.is_extension(ext) else []
        if name == "OriginateResponse":
            return self._originate_response(event)
        handler = getattr(self, "_on_" + name, None)
        if handler is None:
            return []  # events the suite does not need
        if name in ("DialBegin", "DialEnd"):
            uniqueid, linkedid = event.get("DestUniqueid"), event.get("DestLinkedid") or event.get("Linkedid")
        else:
            uniqueid, linkedid = event.get("Uniqueid"), event.get("Linkedid")
        if not uniqueid or not linkedid or uniqueid in self.gone_channels or linkedid in self.gone_calls:
            return []
        call = self.calls.get(linkedid)
        if call is None:
            call = self.calls[linkedid] = _Call(linkedid, now)
        devices = self._devices(call)
        handler(call, event, now)
        return self._changes(call, now, devices)

    def resync(self, core_show_channel_events, now=None):
        """The live channels as ``CoreShowChannels`` lists them replace what was known."""
        now = now or self.clock()
        listed = {}
        for event in core_show_channel_events:
            uniqueid, linkedid = event.get("Uniqueid"), event.get("Linkedid") or event.get("Uniqueid")
            if uniqueid and event.get("Channel"):
                listed.setdefault(linkedid, []).append(event)
        changes = []
        for linkedid in [lid for lid in self.calls if lid not in listed]:
            call = self.calls[linkedid]
            devices = self._devices(call)
            for uniqueid in list(call.channels):
                self._drop(call, uniqueid)
            changes += self._changes(call, now, devices, disposition="answered" if call.answer else "unknown")
        for linkedid, events in listed.items():
            self.gone_calls.pop(linkedid, None)
            call = self.calls.get(linkedid)
            if call is None:
                started = now - max(_duration(event) for event in events)
                call = self.calls[linkedid] = _Call(linkedid, started)
            devices = self._devices(call)
            for uniqueid in list(call.channels):
                self._drop(call, uniqueid)
            for event in events:
                channel = self._channel(call, event)
                channel.state = _int(event.get("ChannelState"))
                if event.get("BridgeId"):
                    channel.bridges.add(event["BridgeId"])
                self._caller(channel, event)
            changes += self._changes(call, now, devices)
        return changes

    # -- events ------------------------------------------------------------------------
    def _on_Newchannel(self, call, event, now):
        channel = self._channel(call, event)
        channel.state = _int(event.get("ChannelState"))
        self._caller(channel, event)

    def _on_Newstate(self, call, event, now):
        self._on_Newchannel(call, event, now)

    _on_NewCallerid = _on_Newstate

    def _on_DialBegin(self, call, event, now):
        dest = self._channel(call, event, prefix="Dest")
        dest.state = max(dest.state, _int(event.get("DestChannelState")))
        if not event.get("Channel"):
            # Originate dials its first leg (the agent's phone, or a Local channel to it)
            # from no channel; the caller ID it shows is the customer's number.
            dest.originated = True
            number = clean_number(event.get("DestCallerIDNum"))
            if _outside(number, self.is_extension):
                call.dialling = number
        if dest.external and not dest.number:
            dest.number = clean_number(event.get("DialString", "").rpartition("/")[2])

    def _on_DialEnd(self, call, event, now):
        dest = self._channel(call, event, prefix="Dest")
        status = event.get("DialStatus", "").upper()
        if status == "ANSWER":
            dest.answered = not dest.originated
            dest.state = UP
        elif status:
            call.dial_status = status

    def _on_BridgeEnter(self, call, event, now):
        self._channel(call, event).bridges.add(event.get("BridgeUniqueid", ""))

    def _on_BridgeLeave(self, call, event, now):
        self._channel(call, event).bridges.discard(event.get("BridgeUniqueid", ""))

    def _on_Hangup(self, call, event, now):
        uniqueid = event["Uniqueid"]
        channel = self._channel(call, event)
        cause = _int(event.get("Cause"))
        if channel.external and cause in REFUSING_CAUSES and not call.answer:
            call.cause = (cause, event.get("Cause-txt", ""))
        self._remember(self.gone_channels, uniqueid)
        self._drop(call, channel.uniqueid)

    def _device_state(self, event):
        device = event.get("Device", "")
        ext = device.partition("/")[2] if "/" in device else ""
        state = DEVICE_STATES.get(event.get("State", "").upper())
        if not ext or not state or not self.is_extension(ext):
            return []
        return self._extension(ext, state)

    def _originate_response(self, event):
        # The agent's own phone could not be reached at all (not registered, no such
        # device): its extension is unavailable. Other failures say nothing of the phone.
        if event.get("Response", "").lower() != "failure" or event.get("Reason") != "0":
            return []
        ext = device_of(event.get("Channel", ""))
        return self._extension(ext, "unavailable") if ext and self.is_extension(ext) else []

    # -- helpers -----------------------------------------------------------------------
    def _time(self, event):
        stamp = event.get("Timestamp")  # manager.conf timestampevents=yes
        if stamp:
            with contextlib.suppress(ValueError, OverflowError, OSError):
                return datetime.datetime.fromtimestamp(float(stamp), datetime.timezone.utc).replace(tzinfo=None)
        return self.clock()

    def _channel(self, call, event, prefix=""):
        uniqueid = event.get(prefix + "Uniqueid")
        channel = call.channels.get(uniqueid)
        if channel is None:
            channel = call.channels[uniqueid] = _Channel(
                uniqueid, event.get(prefix + "Channel", ""), self.is_extension)
            if channel.agent:
                self.devices.setdefault(channel.device, {})[uniqueid] = channel
        return channel

    def _drop(self, call, uniqueid):
        channel = call.channels.pop(uniqueid, None)
        if channel is not None and channel.agent:
            live = self.devices.get(channel.device, {})
            live.pop(uniqueid, None)
            if not live:
                self.devices.pop(channel.device, None)

    @staticmethod
    def _caller(channel, event):
        channel.number = clean_number(event.get("CallerIDNum")) or channel.number
        exten = event.get("Exten", "")
        if exten and exten != "s":
            channel.exten = normalize_digits(exten)

    def _remember(self, gone, key):
        gone[key] = None
        while len(gone) > self.remember:
            gone.popitem(last=False)

    def _devices(self, call):
        return {ch.device for ch in call.channels.values() if ch.agent}

    def _origin(self, call):
        return call.channels.get(call.linkedid) or next(iter(call.channels.values()), None)

    def _direction(self, call):
        origin = self._origin(call)
        if call.direction in ("in", "out") or origin is None:
            return call.direction or "in"  # the party that hung up first does not turn it
        if origin.external:
            return "in"
        if call.dialling or any(ch.external for ch in call.channels.values()):
            return "out"  # click-to-call rings the agent first, then dials the customer
        if origin.agent and _outside(origin.exten, self.is_extension):
            return "out"  # dialling out, the trunk's channel is not there yet
        return "internal"

    def _number(self, call, direction):
        origin = self._origin(call)
        if direction == "in":
            return origin.number if origin and origin.external else call.number
        if direction == "out":
            if origin and origin.agent and _outside(origin.exten, self.is_extension):
                return clean_number(origin.exten)
            for channel in call.channels.values():
                if channel.external and channel.number:
                    return channel.number
            return call.dialling or call.number
        return call.number

    def _changes(self, call, now, devices_before, disposition=None):
        changes = []
        channels = list(call.channels.values())
        if channels and all(ch.local or not ch.state for ch in channels):
            # Nothing rings yet (a channel just created, an Originate's Local channels): what
            # the call is becomes clear with its next events, tell it then, once.
            return changes
        if channels:
            call.direction = self._direction(call)
            call.number = self._number(call, call.direction) or call.number
            talking = [ch for ch in channels if ch.talking]
            external_up = any(ch.external and ch.state == UP and (ch.bridges or ch.answered)
                              for ch in channels)
            if call.direction == "out":
                is_talking = external_up and any(ch.agent for ch in channels)
            else:
                is_talking = bool(talking)
            if is_talking:
                call.answer = call.answer or now
                if call.direction == "out":
                    origin = self._origin(call)
                    agents = [ch for ch in channels if ch.agent]
                    chosen = origin if origin and origin.agent else (agents[0] if agents else None)
                    call.answered_extension = chosen.device if chosen else call.answered_extension
                else:
                    callee = [ch for ch in talking if ch.uniqueid != call.linkedid] or talking
                    call.answered_extension = callee[-1].device
            # Once answered, a call that no agent's phone rings for is still on: hang-up in
            # progress, caller on hold, a blind transfer between two phones.
            ringing_agents = any(ch.agent and ch.state != UP for ch in channels)
            state = "talking" if is_talking or (call.answer and not ringing_agents) else "ringing"
            extensions = tuple(sorted({ch.device for ch in channels if ch.agent}))
            change = CallChange(call.linkedid, state, call.direction or "in", call.number,
                                extensions, call.answered_extension, call.start, call.answer)
        else:
            if disposition is None and call.answer:
                disposition = "answered"
            elif disposition is None:
                disposition = REFUSING_CAUSES.get(call.cause[0]) or DIAL_DISPOSITIONS.get(call.dial_status, "no_answer")
            change = CallChange(call.linkedid, "ended", call.direction or "in", call.number, (),
                                call.answered_extension, call.start, call.answer, now, disposition,
                                *call.cause)
            del self.calls[call.linkedid]
            self._remember(self.gone_calls, call.linkedid)
        if change.state == "ended" and call.sent is None:
            pass  # only its end was seen (late events of a call from before): nothing to tell
        elif change != call.sent:
            call.sent = change
            changes.append(change)
        for ext in sorted(devices_before | self._devices(call)):
            changes += self._extension(ext, self._extension_state(ext))
        return changes

    def _extension_state(self, ext):
        # As Asterisk's own device state: a phone alerting (Ringing, or Down for the instant
        # before) rings; one dialling out (Ring) or talking (Up) is in use.
        states = {channel.state for channel in self.devices.get(ext, {}).values()}
        if states - {0, RINGING}:
            return "in_use"
        return "ringing" if states else "idle"

    def _extension(self, ext, state):
        if self.extension_states.get(ext) == state:
            return []
        self.extension_states[ext] = state
        return [ExtensionChange(ext, state)]


def _outside(number, is_extension):
    """A number of the outside world (not an extension, long enough to be a phone's)."""
    return len(number or "") >= 7 and not is_extension(number)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _duration(event):
    """``Duration: 00:01:05`` of a CoreShowChannel."""
    try:
        hours, minutes, seconds = (int(part) for part in event.get("Duration", "").split(":"))
        return datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except ValueError:
        return datetime.timedelta(0)
