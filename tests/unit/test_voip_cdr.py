"""CDR rows as Asterisk writes them, to legs and calls (crm_voip_bridge/lib/cdr.py)."""

import datetime as dt

from odoo.addons.crm_voip_bridge.lib.cdr import (
    Leg,
    Skip,
    extension_of,
    parse_row,
    summarize,
    summarize_calls,
    text,
)

NOW = dt.datetime(2026, 11, 22, 12, 0)
EXT = {"101", "102", "103"}


def row(**kw):
    base = {"calldate": "2026-11-22 09:00:00", "clid": '"Ali" <09121234567>', "src": "09121234567",
            "dst": "101", "channel": "PJSIP/trunk-00000001", "dstchannel": "PJSIP/101-00000002",
            "duration": 70, "billsec": 60, "disposition": "ANSWERED", "uniqueid": "1700000000.1",
            "linkedid": "1700000000.1", "sequence": 1, "did": "02188880000", "recordingfile": ""}
    base.update(kw)
    return base


def leg(**kw):
    result = parse_row(row(**kw), NOW)
    assert isinstance(result, Leg), result
    return result


def test_channel_extensions():
    assert extension_of("PJSIP/101-00000a1f") == "101"
    assert extension_of("SIP/102-0000") == "102"
    assert extension_of("Local/103@from-queue-0000;1") == "103"
    assert extension_of("") == ""


def test_bad_rows_are_skipped_with_a_reason():
    assert parse_row(row(uniqueid=""), NOW).reason == "no uniqueid"
    assert "future" in parse_row(row(calldate="2027-01-01 00:00:00"), NOW).reason
    assert "absurd" in parse_row(row(duration=-5), NOW).reason
    assert "absurd" in parse_row(row(duration=10, billsec=20), NOW).reason
    assert "absurd" in parse_row(row(duration=10**7, billsec=10), NOW).reason
    assert "calldate" in parse_row(row(calldate="not a date"), NOW).reason
    assert isinstance(parse_row(row(uniqueid=""), NOW), Skip)


def test_odd_values_are_read_not_lost():
    assert leg(disposition="WEIRD").disposition == "unknown"
    assert leg(clid=b"\xff\xfeAli").clid.endswith("Ali")
    assert text("علی".encode()) == "علی"
    assert leg(linkedid="").linkedid == "1700000000.1"
    unanswered = leg(disposition="NO ANSWER", billsec=0, duration=20)
    assert unanswered.billsec == 0 and unanswered.answer_date is None


def test_incoming_answered():
    call = summarize([leg()], EXT)
    assert (call.direction, call.agent_extension, call.external_number) == ("incoming", "101", "09121234567")
    assert (call.disposition, call.talk_seconds, call.ring_seconds) == ("answered", 60, 10)


def test_ring_group_one_extension_answers():
    legs = [
        leg(uniqueid="a.2", dstchannel="PJSIP/101-1", disposition="NO ANSWER", billsec=0, duration=15),
        leg(uniqueid="a.3", dstchannel="PJSIP/102-1", dst="102", billsec=45, duration=50),
        leg(uniqueid="a.4", dstchannel="PJSIP/103-1", dst="103", disposition="NO ANSWER", billsec=0,
            duration=5),
    ]
    call = summarize(legs, EXT)
    assert (call.agent_extension, call.talk_seconds, call.disposition) == ("102", 45, "answered")


def test_queue_call_counts_talk_once():
    legs = [
        leg(uniqueid="q.1", dst="600", dstchannel="Local/101@from-queue-0001;1", billsec=90, duration=100),
        leg(uniqueid="q.2", dst="600", dstchannel="PJSIP/101-0003", billsec=90, duration=95, sequence=2),
    ]
    call = summarize(legs, EXT)
    assert (call.agent_extension, call.talk_seconds) == ("101", 90)


def test_transferred_call_adds_both_talks():
    legs = [
        leg(uniqueid="t.1", billsec=30, duration=35),
        leg(uniqueid="t.2", calldate="2026-11-22 09:00:35", dst="102", dstchannel="PJSIP/102-9",
            billsec=120, duration=125, sequence=2),
    ]
    call = summarize(legs, EXT)
    assert call.talk_seconds == 150 and call.agent_extension == "102"


def test_unanswered_and_busy():
    assert summarize([leg(disposition="NO ANSWER", billsec=0, duration=30)], EXT).disposition == "no_answer"
    call = summarize([leg(disposition="BUSY", billsec=0, duration=2)], EXT)
    assert (call.disposition, call.talk_seconds, call.agent_extension) == ("busy", 0, "101")


def test_outgoing_with_recording():
    call = summarize([leg(src="101", dst="09351112233", channel="PJSIP/101-1",
                          dstchannel="PJSIP/trunk-2", recordingfile="out-09351112233-101.wav")], EXT)
    assert (call.direction, call.agent_extension, call.external_number) == ("outgoing", "101", "09351112233")
    assert call.recordingfile == "out-09351112233-101.wav"


def test_internal_call():
    call = summarize([leg(src="101", dst="102", channel="PJSIP/101-1", dstchannel="PJSIP/102-2")], EXT)
    assert (call.direction, call.external_number) == ("internal", "")


def test_batch_summed_up_per_call_each_row_once():
    transfer = [leg(uniqueid="t.1", linkedid="t.1", billsec=30, duration=35),
                leg(uniqueid="t.2", linkedid="t.1", dst="102", dstchannel="PJSIP/102-1", billsec=120,
                    duration=125, sequence=2)]
    other = leg(uniqueid="o.1", linkedid="o.1", src="02155556666")
    # A row read twice (the lookback rereads rows) counts once.
    calls = summarize_calls([*transfer, other, transfer[1]], EXT, lambda number: f"e164:{number}")
    assert set(calls) == {"t.1", "o.1"}
    summary, number = calls["t.1"]
    assert summary == summarize(transfer, EXT)
    assert (summary.talk_seconds, number) == (150, "e164:09121234567")
    assert calls["o.1"][1] == "e164:02155556666"


# --- Calls recorded from a real Asterisk 20 (addons/crm_voip_bridge/tests/fixtures/asterisk) ---

import csv  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from odoo.addons.crm_voip_bridge.lib import cdr, cdr_readers  # noqa: E402

FIXTURES = Path(cdr.__file__).resolve().parent.parent / "tests" / "fixtures" / "asterisk"
TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
AGENTS = frozenset(TRUTH["agents"])
LATER = dt.datetime(2030, 1, 1)


def _csv_legs(name, limit=10000):
    """Legs of a Master.csv fixture read by the sync's reader, ``limit`` rows a batch (as
    the sync reads them), all batches together."""
    reader = cdr_readers.CsvReader({"csv_path": str(FIXTURES / name), "csv_layout": "auto"})
    legs, skipped, offset = [], {}, 0
    while True:
        batch = reader.fetch(cdr_readers.START_KEY, offset, limit, LATER, None)
        legs += batch.legs
        for reason, count in batch.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + count
        if batch.offset == offset:
            return legs, skipped
        offset = batch.offset


def _table_legs(name):
    """Legs of a table fixture (rows as the database returns them: calldate a datetime)."""
    with open(FIXTURES / name, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    legs = []
    for row in rows:
        row["calldate"] = dt.datetime.fromisoformat(row["calldate"].replace("+00", "+00:00")
                                                    if row["calldate"].endswith("+00") else row["calldate"])
        parsed = parse_row(row, LATER)
        assert isinstance(parsed, Leg), parsed
        legs.append(parsed)
    return legs


def _compare_with_truth(legs, scenarios=None, recordings=False):
    """Each call of the legs against truth.json (its ``scenarios``, all by default), by its
    external number; whether it was recorded too when the fixture has a recordingfile
    column (``recordings``)."""
    calls = {summary.external_number: summary
             for summary, _number in summarize_calls(legs, AGENTS, str).values()}
    truths = [call for call in TRUTH["calls"] if scenarios is None or call["scenario"] in scenarios]
    assert sorted(calls) == sorted(call["number"] for call in truths)
    for truth in truths:
        call = calls[truth["number"]]
        where = f"{truth['scenario']}: {call}"
        assert call.direction == truth["direction"], where
        assert (call.disposition == "answered") == truth["answered"], where
        assert call.disposition == truth["disposition"], where
        assert call.voicemail == truth["voicemail"], where
        assert set(call.talk_by_agent) == set(truth["talk"]), where
        for agent, seconds in truth["talk"].items():
            assert abs(call.talk_by_agent[agent] - seconds) <= truth.get("talk_tolerance", 1), where
        assert call.talk_seconds == sum(call.talk_by_agent.values()), where
        if truth["answered"] or not truth["agents_rung"]:
            assert call.agent_extension == truth["agent"], where
        else:
            assert call.agent_extension in truth["agents_rung"], where
        assert abs(call.ring_seconds - truth["ring_seconds"]) <= truth["ring_tolerance"], where
        if recordings:
            assert bool(call.recordingfile) == truth.get("recorded", False), where
    return calls


@pytest.mark.parametrize("limit", [10000, 3, 1])
def test_master_csv_newcdrcolumns_equals_the_truth(limit):
    legs, skipped = _csv_legs("master_newcdrcolumns.csv", limit)
    assert not skipped
    _compare_with_truth(legs)


@pytest.mark.parametrize("limit", [10000, 4, 1])
def test_master_csv_without_newcdrcolumns_equals_the_truth(limit):
    """No linkedid nor sequence: the rows of a call are joined through their channels, also
    across batches, and the rows of one uniqueid (a ring group, a transfer) all count."""
    legs, skipped = _csv_legs("master_classic.csv", limit)
    assert not skipped
    rows = sum(1 for _line in open(FIXTURES / "master_classic.csv", encoding="utf-8"))
    assert len(cdr.group_calls(legs)) == len(TRUTH["calls"])
    assert sum(len(call) for call in cdr.group_calls(legs).values()) == rows, "no row lost"
    _compare_with_truth(legs)


@pytest.mark.parametrize("limit", [10000, 1])
def test_master_csv_without_uniqueid_userfield_nor_newcdrcolumns_equals_the_truth(limit):
    """loguniqueid, loguserfield and newcdrcolumns off (16 columns): rows are known by their
    channel and start, and joined through their channels."""
    legs, skipped = _csv_legs("master_bare.csv", limit)
    assert not skipped
    _compare_with_truth(legs, {"queue_second_answers", "ring_group", "blind_transfer", "attended_transfer"})


def test_cdr_pgsql_table_equals_the_truth():
    _compare_with_truth(_table_legs("cdr_pgsql.csv"))


def test_freepbx_table_through_adaptive_odbc_equals_the_truth():
    _compare_with_truth(_table_legs("freepbx_cdr.csv"), recordings=True)


def test_master_csv_columns_are_never_read_as_others():
    """newcdrcolumns ends a row with peeraccount, linkedid, sequence: the former reader took
    peeraccount for the linkedid and the linkedid for the sequence."""
    with open(FIXTURES / "master_newcdrcolumns.csv", newline="", encoding="utf-8") as fh:
        values = next(csv.reader(fh))
    row = cdr.csv_row(values)
    assert (row["uniqueid"], row["linkedid"], row["sequence"]) == (values[16], values[19], values[20])
    leg = parse_row(row, LATER)
    assert (leg.linkedid, leg.sequence) == (values[19], int(values[20]))
    # loguniqueid / loguserfield off, newcdrcolumns on or off
    base = values[:16]
    assert "uniqueid" not in cdr.csv_row(base)
    assert cdr.csv_row([*base, "1796124122.93"])["uniqueid"] == "1796124122.93"
    assert cdr.csv_row([*base, "my field"])["userfield"] == "my field"
    no_uid = cdr.csv_row([*base, "", "1796124122.93", "7"])
    assert (no_uid["linkedid"], no_uid["sequence"]) == ("1796124122.93", "7")
    assert isinstance(parse_row(no_uid, LATER), Leg), "known by its channel and start"
    # a layout named by the source is checked
    assert "_unreadable" in cdr.csv_row(values, "classic")
    assert cdr.csv_row(values[:18], "classic")["uniqueid"] == values[16]
    assert "not a Master.csv row" in parse_row(cdr.csv_row(["a", "b"]), LATER).reason


def test_impossible_values_are_skipped_with_their_reason():
    assert "absurd" in parse_row(row(duration="inf"), NOW).reason
    assert "absurd" in parse_row(row(billsec="nan"), NOW).reason
    assert "absurd" in parse_row(row(duration=float("inf")), NOW).reason
    assert "sequence" in parse_row(row(sequence=10**12), NOW).reason
    assert "sequence" in parse_row(row(sequence="1e400"), NOW).reason
    assert "sequence" in parse_row(row(sequence=-1), NOW).reason
    assert "decode" in parse_row(row(dst="10\udcff1"), NOW).reason
    assert "NUL" in parse_row(row(channel="SIP/1\x0001"), NOW).reason
    assert "before" in parse_row(row(calldate="1000-01-01 00:00:00"), NOW).reason


def test_a_bad_row_never_blocks_the_rows_behind_it(tmp_path):
    """Master.csv with an impossible row in the middle: it is skipped with its reason, the
    rows after it are read in the same batch."""
    lines = (FIXTURES / "master_newcdrcolumns.csv").read_bytes().splitlines(keepends=True)
    bad = [lines[0].replace(b",13,13,", b",inf,13,"), b'"x","\xff\xfe","101"\n',
           lines[0].replace(b'",122\n', b'",99999999999999\n')]
    path = tmp_path / "Master.csv"
    path.write_bytes(lines[0] + b"".join(bad) + b"".join(lines[1:]))
    reader = cdr_readers.CsvReader({"csv_path": str(path)})
    batch = reader.fetch(cdr_readers.START_KEY, 0, 10000, LATER, None)
    assert batch.rows_read == len(lines) + 3
    assert len(batch.legs) == len(lines)
    assert sum(batch.skipped.values()) == 3, batch.skipped


def test_master_csv_rotated_or_truncated_is_read_again_from_its_start(tmp_path):
    path = tmp_path / "Master.csv"
    lines = (FIXTURES / "master_newcdrcolumns.csv").read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:10]))
    first = cdr_readers.CsvReader({"csv_path": str(path)}).fetch(cdr_readers.START_KEY, 0, 100, LATER, None)
    assert (first.rows_read, first.rotated) == (10, False) and first.inode
    settings = {"csv_path": str(path), "csv_inode": first.inode}
    # unchanged: nothing new
    same = cdr_readers.CsvReader(settings).fetch(cdr_readers.START_KEY, first.offset, 100, LATER, None)
    assert (same.rows_read, same.rotated) == (0, False)
    # truncated (copytruncate), then a shorter file: from its start
    path.write_bytes(b"".join(lines[10:12]))
    cut = cdr_readers.CsvReader(settings).fetch(cdr_readers.START_KEY, first.offset, 100, LATER, None)
    assert (cut.rows_read, cut.rotated) == (2, True)
    # truncated and written past the old offset again: the byte before it is no line end
    path.write_bytes(b"".join(lines[12:]))
    grown = cdr_readers.CsvReader(settings).fetch(cdr_readers.START_KEY, first.offset, 100, LATER, None)
    assert grown.rotated and grown.rows_read == len(lines) - 12
    # rotated: another file (inode) in its place
    path.rename(tmp_path / "Master.csv.1")
    path.write_bytes(b"".join(lines[:3]))
    rotated = cdr_readers.CsvReader(dict(settings, csv_inode=grown.inode)).fetch(
        cdr_readers.START_KEY, 3, 100, LATER, None)
    assert rotated.rotated and rotated.rows_read == 3 and rotated.inode != grown.inode


def test_master_csv_call_under_way_is_read_with_the_rest_of_its_call(tmp_path):
    """Without linkedid, a queue's Local/…;2 rows are written before the caller's rows that
    join them: a read that ends between them leaves them for the next one, so the call is
    stored once, under one linkedid."""
    lines = (FIXTURES / "master_classic.csv").read_bytes().splitlines(keepends=True)
    local_rows = [i for i, line in enumerate(lines) if b"from-queue" in line.split(b",")[5]]
    first = local_rows[0]  # the queue call's first Local;2 row, the caller's rows after it
    path = tmp_path / "Master.csv"
    path.write_bytes(b"".join(lines[:first + 1]))
    reader = cdr_readers.CsvReader({"csv_path": str(path)})
    batch = reader.fetch(cdr_readers.START_KEY, 0, 100, LATER, None)
    assert batch.rows_read == first, "the Local;2 row waits for its call"
    path.write_bytes(b"".join(lines))
    rest = cdr_readers.CsvReader({"csv_path": str(path)}).fetch(cdr_readers.START_KEY, batch.offset, 100,
                                                                   LATER, None)
    queue = [leg for leg in rest.legs if leg.src == "09120002003"]
    assert len(queue) == 4 and len({leg.linkedid for leg in queue}) == 1
    _compare_with_truth(batch.legs + rest.legs)


def test_master_csv_call_under_way_filling_a_whole_read_is_stored_as_it_is(tmp_path, monkeypatch):
    """A Local/…;2 row whose ;1 half does not come, followed within LINK_GAP by more rows
    than a read holds (batch size and HOLD_ROWS): the call cannot be waited for. Its rows
    are read as they are; cutting before them read nothing and the offset never moved."""
    lines = (FIXTURES / "master_classic.csv").read_bytes().splitlines(keepends=True)
    local = next(i for i, line in enumerate(lines) if b"from-queue" in line.split(b",")[5])
    after = [line for line in lines[local + 1:] if b"from-queue" not in line][:4]
    path = tmp_path / "Master.csv"
    path.write_bytes(lines[local] + b"".join(after))
    monkeypatch.setattr(cdr_readers.CsvReader, "HOLD_ROWS", 2)
    batch = cdr_readers.CsvReader({"csv_path": str(path)}).fetch(cdr_readers.START_KEY, 0, 2, LATER, None)
    assert batch.rows_read == 4 and batch.offset > 0
    again = cdr_readers.CsvReader({"csv_path": str(path)}).fetch(
        cdr_readers.START_KEY, batch.offset, 2, LATER, None)
    assert again.rows_read == 1 and again.offset == path.stat().st_size


def test_internal_call_counts_its_talk():
    call = summarize([leg(src="101", dst="102", channel="PJSIP/101-1", dstchannel="PJSIP/102-2")], EXT)
    assert (call.direction, call.disposition, call.agent_extension, call.talk_seconds) == (
        "internal", "answered", "101", 60)


def test_pbx_answered_rows_are_no_answer_of_an_agent():
    """An IVR answered the caller (the trunk row ANSWERED, billsec > 0, no agent's phone on
    it), then the agent's phone did not answer: a missed call."""
    ivr = leg(dstchannel="", lastapp="Playback", billsec=30, duration=30)
    rang = leg(uniqueid="1700000000.1", sequence=2, calldate="2026-11-22 09:00:30",
               disposition="NO ANSWER", duration=15, billsec=15)
    call = summarize([ivr, rang], EXT)
    assert (call.disposition, call.talk_seconds, call.agent_extension) == ("no_answer", 0, "101")
    assert call.ring_seconds == 45
    queue_only = summarize([leg(dstchannel="Local/101@from-queue-1;1", lastapp="Queue")], EXT)
    assert (queue_only.disposition, queue_only.talk_seconds) == ("no_answer", 0)
    voicemail = summarize([rang, leg(sequence=3, dstchannel="", lastapp="VoiceMail", billsec=20,
                                     duration=20)], EXT)
    assert (voicemail.disposition, voicemail.voicemail) == ("voicemail", True)
