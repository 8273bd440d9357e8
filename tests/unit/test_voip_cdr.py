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
