"""Asterisk CDR rows (FreePBX/Issabel ``asteriskcdrdb.cdr``, cdr_pgsql, cdr_adaptive_odbc,
Master.csv) to call legs, and legs to the call a person saw.

A row becomes a ``Leg`` or a ``Skip`` with its reason: nothing is dropped silently.

How Asterisk (12 and later) writes a call, as recorded from a real Asterisk 20
(``tests/fixtures/asterisk``): one row per channel that was "party A" of a dial or a bridge,
all sharing the linkedid of the channel that started the call. A row's answer time is when
its party A was answered, whoever answered it: the IVR's ``Answer()``, a queue or voicemail
answer the caller's channel, so such a row reads ANSWERED with billsec > 0 although no agent
spoke; a row after the IVR or a transfer counts from its start. What an agent did is read
from the rows that reach the agent's own device channel (``SIP/101-…``), not from the
Local channels (``Local/101@from-queue-…;1``/``;2``) that queues and transfers put between
the caller and the agent.
"""

import dataclasses
import datetime
import math
import re
import zlib
from collections import defaultdict

DISPOSITIONS = {
    "ANSWERED": "answered",
    "NO ANSWER": "no_answer",
    "NOANSWER": "no_answer",
    "BUSY": "busy",
    "FAILED": "failed",
    "CONGESTION": "congestion",
}
# Longest call a PBX plausibly records (a day); longer durations are corrupt rows.
MAX_SECONDS = 24 * 3600
# Future timestamps beyond clock skew are corrupt rows.
MAX_CLOCK_SKEW = datetime.timedelta(minutes=10)
# Older timestamps are corrupt rows (FreePBX's column default is 1000-01-01).
MIN_DATE = datetime.datetime(1990, 1, 1)
# Asterisk's sequence is a C int; a stored leg's sequence is a PostgreSQL integer.
MAX_SEQUENCE = 2**31 - 1
# Master.csv as cdr_csv writes it (cdr/cdr_csv.c build_csv_record): these 16 columns, then
# uniqueid (loguniqueid), userfield (loguserfield), then peeraccount, linkedid, sequence
# (newcdrcolumns), each group present or not as the PBX is configured.
CSV_BASE = ["accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
            "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags"]
CSV_NEW = ["peeraccount", "linkedid", "sequence"]
CSV_LAYOUTS = {
    # setting → the optional columns after the base ones
    "new": ["uniqueid", "userfield", *CSV_NEW],
    "classic": ["uniqueid", "userfield"],
}
_CHANNEL = re.compile(r"^(?:SIP|PJSIP|IAX2|DAHDI|Local)/([^-@;/]+)")
_DEVICE = re.compile(r"^(?:SIP|PJSIP|IAX2|DAHDI)/([^-@;/]+)")
_LOCAL = re.compile(r"^(Local/.+);([12])$")
# Asterisk's uniqueid: [system name-]epoch.counter
_UNIQUEID = re.compile(r"^(?:[\w.-]+-)?\d+\.\d+$")
_INT = re.compile(r"^-?\d+$")
# The phones a Dial() names: "SIP/101&PJSIP/102,20"
_DIALLED = re.compile(r"(?:^|&)(?:SIP|PJSIP|IAX2|DAHDI)/([^&,/@]+)")
# Rows of one channel name further apart than this are of two calls (the name came back
# after the PBX restarted).
LINK_GAP = datetime.timedelta(hours=1)
# Applications of the PBX that answer a caller with no agent: the call ended in voicemail.
VOICEMAIL_APPS = {"voicemail", "vm"}


@dataclasses.dataclass
class Leg:
    uniqueid: str
    linkedid: str
    sequence: int
    calldate: datetime.datetime
    src: str
    dst: str
    clid: str
    channel: str
    dstchannel: str
    did: str
    duration: int
    billsec: int
    disposition: str
    recordingfile: str
    lastapp: str = ""
    # What the application was given (Dial's "SIP/104,20" names a phone that never rang).
    lastdata: str = ""
    # False: the row had no linkedid (Master.csv without newcdrcolumns, older tables); the
    # linkedid is the uniqueid until ``link_legs`` joins the leg to its call.
    linked: bool = True

    @property
    def answer_date(self):
        if self.disposition != "answered":
            return None
        return self.calldate + datetime.timedelta(seconds=self.duration - self.billsec)

    @property
    def end_date(self):
        return self.calldate + datetime.timedelta(seconds=self.duration)


@dataclasses.dataclass
class Skip:
    uniqueid: str
    reason: str


class Unreadable(ValueError):
    """A value of a row that no PBX writes: the row is skipped with this reason."""


def text(value):
    """CDR text columns arrive as str or as bytes in any encoding (clid from a phone)."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            return raw.decode("latin-1").strip()
    return str(value).strip()


def _clean(value):
    """A text column that can be stored: text that did not decode (Master.csv read with
    surrogate escapes) or holds NUL (PostgreSQL refuses it) makes the row unreadable."""
    result = text(value)
    if "\x00" in result:
        raise Unreadable("text holding a NUL character")
    try:
        result.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Unreadable("text that does not decode as UTF-8") from exc
    return result


def _seconds(value):
    """Whole seconds of a duration, None when unreadable (``inf``, ``nan``, text)."""
    if isinstance(value, (bytes, bytearray, memoryview, str)):
        value = text(value) or 0
    try:
        number = float(value if value is not None else 0)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(number)


def _datetime(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else \
            value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    raw = text(value)
    if not raw:
        return None
    try:
        return datetime.datetime.fromisoformat(raw.replace("/", "-"))
    except ValueError:
        return None


def extension_of(channel):
    """``PJSIP/101-00000a1f`` → ``101``; ``Local/102@from-queue-…`` → ``102``."""
    match = _CHANNEL.match(text(channel))
    return match.group(1) if match else ""


def device_of(channel):
    """The extension of a phone's own channel (``SIP/101-0000002d`` → ``101``); "" for a
    Local channel, which only carries a call to an extension."""
    match = _DEVICE.match(text(channel))
    return match.group(1) if match else ""


def local_half(channel):
    """``Local/101@from-queue-0000000b;2`` → (``Local/101@from-queue-0000000b``, "2")."""
    match = _LOCAL.match(text(channel))
    return (match.group(1), match.group(2)) if match else (None, None)


# What a row without a sequence is told apart by, as its leg holds it: the columns a leg
# stored before 18.0.1.1.0 holds too (not lastdata), so that the upgrade gives those legs,
# stored with sequence 0, the sequence their row gets now (migrations/18.0.1.1.0).
CONTENT_FIELDS = ("calldate", "channel", "dstchannel", "lastapp", "disposition", "duration",
                  "billsec", "dst")


def content_sequence(values):
    """A stable sequence for a row without one (Master.csv without newcdrcolumns, tables
    without the column), from its leg's ``CONTENT_FIELDS`` (a mapping): rows of one
    uniqueid (a transfer, a ring group) are told apart by what they hold, and a row read
    again gets the same one. The calldate is the leg's (UTC, whole seconds), the
    disposition and billsec as the leg stores them."""
    parts = []
    for name in CONTENT_FIELDS:
        value = values.get(name)
        if isinstance(value, datetime.datetime):
            value = value.strftime("%Y-%m-%d %H:%M:%S")
        parts.append(text(value) if value not in (None, False) else "")
    return zlib.crc32("\x1f".join(parts).encode("utf-8", "surrogateescape")) & MAX_SEQUENCE


def csv_row(values, layout="auto"):
    """A Master.csv line (its values) to a row (a mapping of column → value), its optional
    columns found from the values (``layout`` "auto") or as the source names them ("new":
    newcdrcolumns with uniqueid and userfield, "classic": uniqueid and userfield). A line
    that fits no layout is returned as ``{"_unreadable": reason}``."""
    base, extra = values[:len(CSV_BASE)], values[len(CSV_BASE):]
    if len(base) < len(CSV_BASE) or text(base[14]).upper() not in DISPOSITIONS or not (
            _INT.match(text(base[12])) and _INT.match(text(base[13]))):
        return {"_unreadable": f"not a Master.csv row ({len(values)} columns)"}
    if layout in CSV_LAYOUTS:
        names = CSV_LAYOUTS[layout]
        if len(extra) != len(names):
            return {"_unreadable": f"{len(values)} columns where the {layout} Master.csv layout has "
                                   f"{len(CSV_BASE) + len(names)}"}
    else:
        names = _csv_optional_columns(extra)
        if names is None:
            return {"_unreadable": f"unknown Master.csv layout ({len(values)} columns)"}
    row = dict(zip(CSV_BASE + names, values, strict=True))
    row["calldate"] = row["start"]
    return row


def _csv_optional_columns(extra):
    """The names of the columns after the base ones, from their values: newcdrcolumns ends
    with an integer sequence after a linkedid; uniqueid and userfield are each optional."""
    # uniqueid and userfield are two columns at most: three or more hold newcdrcolumns'.
    new = len(extra) >= 3
    if new and not _INT.match(text(extra[-1])):
        return None
    head = extra[:-3] if new else extra
    if len(head) == 2:
        names = ["uniqueid", "userfield"]
    elif len(head) == 1:
        # uniqueid or userfield alone: a uniqueid looks like one, or is the call's linkedid.
        value = text(head[0])
        is_uid = _UNIQUEID.match(value) or (new and value == text(extra[-2]))
        names = ["uniqueid"] if is_uid else ["userfield"]
    else:
        names = []
    return names + (CSV_NEW if new else [])


def parse_row(row, now, to_utc=None):
    """One CDR row (a mapping of column → value) to a ``Leg`` or a ``Skip``.

    ``calldate`` is read as the PBX's local time and converted with ``to_utc`` (a function
    of a naive datetime) when given; ``now`` is the current UTC time, for future dates.
    A row without a uniqueid (Master.csv without loguniqueid) is known by its channel and
    start; one without a sequence gets one from its content (``content_sequence``)."""
    if "_unreadable" in row:
        return Skip("", row["_unreadable"])
    try:
        return _parse_row(row, now, to_utc)
    except Unreadable as exc:
        return Skip(text(row.get("uniqueid")), str(exc))


def _parse_row(row, now, to_utc):
    uniqueid = _clean(row.get("uniqueid"))
    channel = _clean(row.get("channel"))
    raw_date = row.get("calldate") or row.get("start")
    if not uniqueid and "uniqueid" not in row and channel:
        uniqueid = f"{channel}@{text(raw_date)}"
    if not uniqueid:
        return Skip("", "no uniqueid")
    calldate = _datetime(raw_date)
    if calldate is None:
        return Skip(uniqueid, "unreadable calldate")
    # A timestamptz (cdr_pgsql) already names its instant; only local times are converted.
    aware = isinstance(raw_date, datetime.datetime) and raw_date.tzinfo is not None
    if to_utc and not aware:
        calldate = to_utc(calldate)
    if calldate > now + MAX_CLOCK_SKEW:
        return Skip(uniqueid, f"calldate {calldate:%Y-%m-%d %H:%M} is in the future")
    if calldate < MIN_DATE:
        return Skip(uniqueid, f"calldate {calldate:%Y-%m-%d} is before {MIN_DATE:%Y}")
    duration, billsec = _seconds(row.get("duration")), _seconds(row.get("billsec"))
    if duration is None or billsec is None or not (0 <= billsec <= duration <= MAX_SECONDS):
        return Skip(uniqueid, f"absurd durations (duration {text(row.get('duration'))}, "
                              f"billsec {text(row.get('billsec'))})")
    disposition = DISPOSITIONS.get(text(row.get("disposition")).upper(), "unknown")
    sequence = None  # from the leg's content, below
    if row.get("sequence") is not None and text(row.get("sequence")) != "":
        sequence = _seconds(row.get("sequence"))
        if sequence is None or not 0 <= sequence <= MAX_SEQUENCE:
            return Skip(uniqueid, f"impossible sequence ({text(row.get('sequence'))[:20]})")
    linkedid = _clean(row.get("linkedid"))
    leg = Leg(
        uniqueid=uniqueid,
        linkedid=linkedid or uniqueid,
        sequence=sequence,
        calldate=calldate,
        src=_clean(row.get("src")),
        dst=_clean(row.get("dst")),
        clid=text(row.get("clid")).replace("\x00", ""),
        channel=channel,
        dstchannel=_clean(row.get("dstchannel")),
        did=_clean(row.get("did")),
        duration=duration,
        billsec=billsec if disposition == "answered" else 0,
        disposition=disposition,
        recordingfile=_clean(row.get("recordingfile")),
        lastapp=_clean(row.get("lastapp")),
        lastdata=_clean(row.get("lastdata")),
        linked=bool(linkedid),
    )
    if sequence is None:
        leg.sequence = content_sequence(dataclasses.asdict(leg))
    return leg


def link_legs(legs, context=()):
    """Give legs read without a linkedid the linkedid of their call. Legs are of one call
    when they share a uniqueid (the rows of one channel as party A: a ring group, a
    transfer) or a channel (both halves of a Local channel count as one) within
    ``LINK_GAP`` of each other: a channel's rows follow each other, and its name comes
    back only after the PBX restarts. ``context`` holds legs read before (the rows before
    a batch): the call's linkedid is the uniqueid of its leg read first, so that a call cut
    by a batch's end keeps one linkedid."""
    ordered = [*context, *legs]
    parent = list(range(len(ordered)))

    def root(index):
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(a, b):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the leg read first names the call

    by_uniqueid, by_channel = defaultdict(list), defaultdict(list)
    for index, leg in enumerate(ordered):
        by_uniqueid[leg.uniqueid].append(index)
        for name in (leg.channel, leg.dstchannel):
            base, _half = local_half(name)
            if base or name:
                by_channel[base or name].append(index)
    for indexes in by_uniqueid.values():
        for index in indexes[1:]:
            join(indexes[0], index)
    for indexes in by_channel.values():
        indexes.sort(key=lambda i: ordered[i].calldate)
        end = ordered[indexes[0]].end_date
        for before, index in zip(indexes, indexes[1:], strict=False):
            if ordered[index].calldate <= end + LINK_GAP:
                join(before, index)
            end = max(end, ordered[index].end_date)
    for index, leg in enumerate(ordered[len(context):], start=len(context)):
        if not leg.linked:
            first = ordered[root(index)]
            leg.linkedid = first.linkedid if first.linked else first.uniqueid
    return legs


@dataclasses.dataclass
class CallSummary:
    """The call as the person saw it, from all its legs."""

    linkedid: str
    start_date: datetime.datetime
    answer_date: datetime.datetime | None
    end_date: datetime.datetime
    disposition: str
    talk_seconds: int
    ring_seconds: int
    direction: str
    external_number: str
    agent_extension: str
    did: str
    recordingfile: str
    # {extension: seconds} of each agent who spoke with the other party (a transfer: each)
    talk_by_agent: dict = dataclasses.field(default_factory=dict)
    # The caller left a voicemail after no agent answered.
    voicemail: bool = False


def _intervals_seconds(intervals):
    """Seconds covered by (start, end) intervals: one conversation logged on two rows
    counts once."""
    total, current_start, current_end = 0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).total_seconds()
    return int(round(total))


class _Call:
    """The legs of one call and what they say about who is who."""

    def __init__(self, legs, extensions):
        self.legs = sorted(legs, key=lambda leg: (leg.calldate, leg.sequence))
        self.extensions = extensions
        # A Local channel's ";1" half is the dstchannel of the row of the channel that dialled
        # it: who is on the far side of its ";2" half.
        # When both the agent who consults and the caller on hold dialled it (an attended
        # transfer), the agent is the one who dialled it.
        self.local_caller = {}
        for leg in self.legs:
            base, half = local_half(leg.dstchannel)
            if half == "1" and (base not in self.local_caller or self.agent(leg.channel)):
                self.local_caller[base] = leg.channel
        self.origin = self._origin()

    def _origin(self):
        """The leg of the channel that started the call: the first that is no Local
        channel, of the channel whose uniqueid is the linkedid at equal times. (The leg whose
        uniqueid is the linkedid alone is not enough: a call linked by its channels is named
        after the leg read first, an attended transfer's consultation maybe.)"""
        return min(self.legs, key=lambda leg: (
            bool(local_half(leg.channel)[0]), leg.calldate, leg.uniqueid != leg.linkedid, leg.sequence))

    def agent(self, channel):
        """The agent's extension of a phone's channel, "" for anything else."""
        extension = device_of(channel)
        return extension if extension in self.extensions else ""

    def far_party(self, channel, depth=0):
        """The channel behind a Local ";2" half (the channel that dialled its ";1"), or the
        channel itself."""
        base, half = local_half(channel)
        if half == "2" and depth < 10 and base in self.local_caller:
            return self.far_party(self.local_caller[base], depth + 1)
        return channel

    def agent_legs(self):
        """(agent extension, leg) of the legs where an agent's phone is one party and the
        other party is not another agent's phone (a consultation before a transfer)."""
        result = []
        for leg in self.legs:
            called, caller = self.agent(leg.dstchannel), self.agent(self.far_party(leg.channel))
            if called and not caller:
                result.append((called, leg))
            elif caller and not called and not local_half(leg.dstchannel)[0] and leg.dstchannel:
                result.append((caller, leg))  # an agent's own call out
        return result


def summarize(legs, extensions):
    """Legs of one ``linkedid`` (any order) to a ``CallSummary``.

    ``extensions`` is the set of the company's agent extensions. A call started by an
    agent's phone is outgoing (internal when it reached another agent's phone); any other is
    incoming. A call is answered when an agent's phone answered it: rows that the PBX
    answered (IVR, queue, voicemail, a Local channel running an application) do not count.
    Talk time is the time each agent spoke with the other party, each conversation once;
    the agent is the one who spoke longest, else the last one whose phone rang."""
    call = _Call(legs, extensions)
    first = call.origin
    start_date = min(leg.calldate for leg in call.legs)
    end_date = max(leg.end_date for leg in call.legs)
    src_agent = call.agent(first.channel) or (
        first.src if first.src in extensions and not local_half(first.channel)[0] else "")
    agent_legs = call.agent_legs()
    if src_agent:
        # The caller's own conversations: its phone bridged with a phone or a trunk.
        agent_legs = [(src_agent, leg) for leg in call.legs
                      if call.agent(call.far_party(leg.channel)) == src_agent
                      and leg.dstchannel and not local_half(leg.dstchannel)[0]]
    talking = [(agent, leg) for agent, leg in agent_legs
               if leg.disposition == "answered" and leg.billsec > 0]
    intervals = defaultdict(list)
    for agent, leg in talking:
        intervals[agent].append((leg.answer_date, leg.end_date))
    talk_by_agent = {agent: _intervals_seconds(spans) for agent, spans in intervals.items()}

    if src_agent:
        reached = any(call.agent(leg.dstchannel) not in ("", src_agent) for leg in call.legs)
        direction = "internal" if reached or first.dst in extensions else "outgoing"
        agent, external = src_agent, ("" if direction == "internal" else first.dst)
    else:
        direction = "incoming"
        external = first.src
        agent = max(talk_by_agent, key=lambda a: (talk_by_agent[a], a)) if talk_by_agent else next(
            (a for a, _leg in reversed(agent_legs)), "")
        if not agent:
            # an extension reached through a Local channel only, or whose phone was not
            # reachable (no channel: only the Dial's argument names it)
            agent = next((ext for leg in reversed(call.legs)
                          for ext in (extension_of(leg.dstchannel), *_DIALLED.findall(leg.lastdata))
                          if ext in extensions), "")
    answered = [leg for a, leg in talking if a in talk_by_agent]
    voicemail = False
    if answered:
        disposition = "answered"
    else:
        voicemail = direction == "incoming" and any(
            leg.lastapp.lower() in VOICEMAIL_APPS and leg.billsec > 0 and not leg.dstchannel
            for leg in call.legs)
        # What became of the attempts to reach someone (the rows the PBX answered itself,
        # ANSWERED, say nothing of it).
        tried = [leg.disposition for leg in call.legs if leg.disposition != "answered"]
        order = ["busy", "no_answer", "congestion", "failed", "unknown"]
        disposition = "voicemail" if voicemail else min(
            tried or ["no_answer"], key=lambda d: order.index(d) if d in order else len(order))
    answer_date = min((leg.answer_date for leg in answered), default=None)
    ring_until = answer_date or end_date
    recording = next((leg.recordingfile for leg in (*answered, *call.legs) if leg.recordingfile), "")
    return CallSummary(
        linkedid=first.linkedid,
        start_date=start_date,
        answer_date=answer_date,
        end_date=end_date,
        disposition=disposition,
        talk_seconds=sum(talk_by_agent.values()),
        ring_seconds=max(0, int((ring_until - start_date).total_seconds())),
        direction=direction,
        external_number=external,
        agent_extension=agent,
        did=next((leg.did for leg in call.legs if leg.did), ""),
        recordingfile=recording,
        talk_by_agent=talk_by_agent,
        voicemail=voicemail,
    )


def group_calls(legs):
    """``{linkedid: [legs]}``, each leg (uniqueid, sequence) once: a row read twice (the
    lookback rereads rows) counts once."""
    unique = {}
    for leg in legs:
        unique.setdefault((leg.uniqueid, leg.sequence), leg)
    calls = defaultdict(list)
    for leg in unique.values():
        calls[leg.linkedid].append(leg)
    return calls


def summarize_calls(legs, extensions, number_of):
    """``{linkedid: (CallSummary, number_of(its external number))}`` of a batch of legs."""
    result = {}
    for linkedid, call_legs in group_calls(legs).items():
        summary = summarize(call_legs, extensions)
        result[linkedid] = (summary, number_of(summary.external_number))
    return result
