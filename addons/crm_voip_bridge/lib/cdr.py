"""Asterisk CDR rows (FreePBX/Issabel ``asteriskcdrdb.cdr``, cdr_pgsql, Master.csv) to call
legs, and legs to the call a person saw.

A row becomes a ``Leg`` or a ``Skip`` with its reason: nothing is dropped silently.
"""

import dataclasses
import datetime
import re
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
# Master.csv column order of Asterisk's cdr_csv (with the optional columns at the end).
CSV_COLUMNS = ["accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
               "lastdata", "start", "answer", "end", "duration", "billsec", "disposition",
               "amaflags", "uniqueid", "userfield", "linkedid", "sequence"]
_CHANNEL = re.compile(r"^(?:SIP|PJSIP|IAX2|DAHDI|Local)/([^-@;/]+)")


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


def _seconds(value):
    try:
        return int(float(text(value) or 0))
    except ValueError:
        return None


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


def parse_row(row, now, to_utc=None):
    """One CDR row (a mapping of column → value) to a ``Leg`` or a ``Skip``.

    ``calldate`` is read as the PBX's local time and converted with ``to_utc`` (a function
    of a naive datetime) when given; ``now`` is the current UTC time, for future dates."""
    uniqueid = text(row.get("uniqueid"))
    if not uniqueid:
        return Skip("", "no uniqueid")
    raw_date = row.get("calldate") or row.get("start")
    calldate = _datetime(raw_date)
    if calldate is None:
        return Skip(uniqueid, "unreadable calldate")
    # A timestamptz (cdr_pgsql) already names its instant; only local times are converted.
    aware = isinstance(raw_date, datetime.datetime) and raw_date.tzinfo is not None
    if to_utc and not aware:
        calldate = to_utc(calldate)
    if calldate > now + MAX_CLOCK_SKEW:
        return Skip(uniqueid, f"calldate {calldate:%Y-%m-%d %H:%M} is in the future")
    duration, billsec = _seconds(row.get("duration")), _seconds(row.get("billsec"))
    if duration is None or billsec is None or not (0 <= billsec <= duration <= MAX_SECONDS):
        return Skip(uniqueid, f"absurd durations (duration {row.get('duration')}, billsec {row.get('billsec')})")
    disposition = DISPOSITIONS.get(text(row.get("disposition")).upper(), "unknown")
    sequence = _seconds(row.get("sequence"))
    return Leg(
        uniqueid=uniqueid,
        linkedid=text(row.get("linkedid")) or uniqueid,
        sequence=sequence or 0,
        calldate=calldate,
        src=text(row.get("src")),
        dst=text(row.get("dst")),
        clid=text(row.get("clid")),
        channel=text(row.get("channel")),
        dstchannel=text(row.get("dstchannel")),
        did=text(row.get("did")),
        duration=duration,
        billsec=billsec if disposition == "answered" else 0,
        disposition=disposition,
        recordingfile=text(row.get("recordingfile")),
        lastapp=text(row.get("lastapp")),
    )


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


def summarize(legs, extensions):
    """Legs of one ``linkedid`` (any order) to a ``CallSummary``.

    ``extensions`` is the set of the company's agent extensions: a leg whose source is one
    of them is outgoing (or internal when the destination is one too); otherwise incoming.
    The agent is the extension that answered (ring groups, queues, transfers: the leg that
    talked longest), else the one that rang or dialled."""
    legs = sorted(legs, key=lambda leg: (leg.calldate, leg.sequence))
    first = legs[0]
    src_ext = first.src if first.src in extensions else extension_of(first.channel)
    src_is_agent = src_ext in extensions
    answered = [leg for leg in legs if leg.disposition == "answered" and leg.billsec > 0]
    talker = max(answered, key=lambda leg: leg.billsec) if answered else None

    def leg_agent(leg):
        for candidate in (extension_of(leg.dstchannel), leg.dst):
            if candidate in extensions:
                return candidate
        return ""

    if src_is_agent:
        dst_ext = leg_agent(first)
        direction = "internal" if dst_ext and first.dst in extensions else "outgoing"
        agent, external = src_ext, ("" if direction == "internal" else first.dst)
    else:
        direction = "incoming"
        agent = (leg_agent(talker) if talker else "") or next(
            (leg_agent(leg) for leg in legs if leg_agent(leg)), "")
        external = first.src
    if talker:
        disposition = "answered"
    else:
        order = ["busy", "no_answer", "congestion", "failed", "unknown"]
        disposition = min((leg.disposition for leg in legs),
                          key=lambda d: order.index(d) if d in order else len(order))
    end_date = max(leg.end_date for leg in legs)
    answer_date = talker.answer_date if talker else None
    # A queue logs the same conversation on a Local and a device channel: count one leg per
    # extension; a transfer adds the talk of each extension that took the call.
    talk_by_extension = {}
    for leg in answered:
        key = leg_agent(leg)
        talk_by_extension[key] = max(talk_by_extension.get(key, 0), leg.billsec)
    talk_seconds = sum(talk_by_extension.values())
    ring_until = answer_date or end_date
    return CallSummary(
        linkedid=first.linkedid,
        start_date=first.calldate,
        answer_date=answer_date,
        end_date=end_date,
        disposition=disposition,
        talk_seconds=talk_seconds,
        ring_seconds=max(0, int((ring_until - first.calldate).total_seconds())),
        direction=direction,
        external_number=external,
        agent_extension=agent,
        did=next((leg.did for leg in legs if leg.did), ""),
        recordingfile=next((leg.recordingfile for leg in (talker, *legs) if leg and leg.recordingfile), ""),
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
