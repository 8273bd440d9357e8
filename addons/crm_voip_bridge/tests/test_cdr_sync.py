import datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_voip_bridge.lib.cdr_readers import START_KEY

from .common import FreePbxCase, agents_with_extensions

T0 = datetime.datetime(2026, 11, 22, 9, 0, 0)  # Asia/Tehran, as the PBX writes calldate


def cdr(uniqueid, seconds=0, linkedid=None, **kw):
    row = {"calldate": T0 + datetime.timedelta(seconds=seconds), "clid": '"Caller" <09121234567>',
           "src": "09121234567", "dst": "101", "channel": f"PJSIP/trunk-{uniqueid}",
           "dstchannel": "PJSIP/101-0001", "duration": 70, "billsec": 60, "disposition": "ANSWERED",
           "uniqueid": uniqueid, "linkedid": linkedid or uniqueid, "sequence": 1,
           "did": "02188880000", "lastapp": "Dial"}
    row.update(kw)
    return row


# Rows as Asterisk writes them for the shapes of calls a sales team sees.
SCENARIOS = [
    # a transferred call: 101 answers, transfers to 102
    cdr("100.1", 0, billsec=30, duration=35),
    cdr("100.2", 35, linkedid="100.1", dst="102", dstchannel="PJSIP/102-0002", billsec=120,
        duration=125, sequence=2),
    # a ring group where 102 answered
    cdr("200.1", 600, dstchannel="PJSIP/101-0003", disposition="NO ANSWER", billsec=0, duration=15,
        src="09351112233"),
    cdr("200.2", 600, linkedid="200.1", dst="102", dstchannel="PJSIP/102-0004", billsec=45, duration=50,
        src="09351112233", sequence=2),
    # a queue call (Local and device channel of 101)
    cdr("300.1", 1200, dst="600", dstchannel="Local/101@from-queue-0001;1", billsec=90, duration=100),
    cdr("300.2", 1200, linkedid="300.1", dst="600", dstchannel="PJSIP/101-0005", billsec=90,
        duration=95, sequence=2),
    # unanswered and busy
    cdr("400.1", 1800, disposition="NO ANSWER", billsec=0, duration=30, src="02155556666"),
    cdr("500.1", 2400, disposition="BUSY", billsec=0, duration=2),
    # an outgoing call with a recording
    cdr("600.1", 3000, src="101", dst="09351112233", channel="PJSIP/101-0006",
        dstchannel="PJSIP/trunk-0007", recordingfile="out-09351112233-101-20261122-093000.wav"),
    # bad input: anonymous, non-UTF-8 clid, absurd durations, future date, unknown disposition
    cdr("700.1", 3600, src="anonymous", clid=b"\xff\xfe\xfa"),
    cdr("800.1", 3700, duration=-5, billsec=0),
    cdr("900.1", 3800, calldate=datetime.datetime(2030, 1, 1)),
    cdr("950.1", 3900, disposition="STRANGE", billsec=0, duration=3),
]


@tagged("post_install", "-at_install")
class TestCdrSync(FreePbxCase):
    ROWS = SCENARIOS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The figures below are those of these scenarios alone, not of the demo calls.
        cls.env["crm.call"].search([]).unlink()
        cls.agent1, cls.agent2 = agents_with_extensions(cls.env, "101", "102")
        cls.customer = cls.env["res.partner"].create({"name": "Customer", "mobile": "۰۹۱۲۱۲۳۴۵۶۷"})
        cls.now = datetime.datetime(2026, 11, 22, 12, 0)

    def calls(self):
        return self.env["crm.call"].search([("source_id", "=", self.source.id)])

    def test_sync_once_and_again(self):
        log = self.source._sync()
        calls = self.calls()
        self.assertEqual(log.rows_read, len(SCENARIOS))
        self.assertEqual(log.rows_skipped, 2, log.skip_reasons)
        self.assertIn("future", log.skip_reasons)
        self.assertIn("absurd", log.skip_reasons)
        self.assertEqual(len(calls), 8)
        self.assertEqual(len(calls.leg_ids), len(SCENARIOS) - 2)
        by_id = {call.linkedid: call for call in calls}
        transfer = by_id["100.1"]
        self.assertEqual((transfer.talk_seconds, transfer.user_id), (150, self.agent2))
        self.assertEqual(transfer.partner_id, self.customer, "matched through the E.164 mobile")
        self.assertEqual(transfer.number_e164, "+989121234567")
        self.assertTrue(transfer.is_successful)
        self.assertEqual(transfer.start_date, datetime.datetime(2026, 11, 22, 5, 30), "Tehran → UTC")
        ring = by_id["200.1"]
        self.assertEqual((ring.user_id, ring.talk_seconds, ring.disposition), (self.agent2, 45, "answered"))
        self.assertFalse(ring.partner_id, "unknown number stays unmatched")
        self.assertEqual(by_id["300.1"].talk_seconds, 90)
        self.assertEqual(by_id["400.1"].disposition, "no_answer")
        self.assertEqual(by_id["500.1"].disposition, "busy")
        outgoing = by_id["600.1"]
        self.assertEqual((outgoing.direction, outgoing.user_id), ("outgoing", self.agent1))
        self.assertTrue(outgoing.has_recording)
        self.assertFalse(by_id["700.1"].number_e164, "anonymous caller")
        self.assertEqual(by_id["950.1"].disposition, "unknown")

        again = self.source._sync()
        self.assertEqual((again.calls_created, again.calls_updated), (0, 0))
        self.assertEqual(self.calls(), calls)

    def test_interrupted_sync_gives_the_same_result(self):
        self.source._sync(max_batches=1)  # as if killed after the first batch
        self.assertEqual(len(self.calls().leg_ids), 4)
        self.source._sync()
        self.assertEqual(len(self.calls()), 8)
        self.assertEqual(len(self.calls().leg_ids), len(SCENARIOS) - 2)

    def test_late_leg_joins_its_call(self):
        self.source._sync()
        call = self.calls().filtered(lambda c: c.linkedid == "400.1")
        self.addCleanup(self.db.execute, "DELETE FROM cdr WHERE uniqueid = '400.2'")
        self.db.insert([cdr("400.2", 1800, linkedid="400.1", dst="102", dstchannel="PJSIP/102-9",
                            billsec=40, duration=45, sequence=2, src="02155556666")])
        log = self.source._sync()
        self.assertEqual((log.calls_created, log.calls_updated), (0, 1))
        self.assertEqual((call.disposition, call.talk_seconds, call.user_id), ("answered", 40, self.agent2))

    def test_batches_cut_through_calls_of_one_second(self):
        """Seven calls in one second, read three by three: none is lost at a batch's end."""
        burst = [cdr(f"990.{i}", 5000, src=f"0912000000{i}") for i in range(7)]
        self.addCleanup(self.db.execute, "DELETE FROM cdr WHERE uniqueid LIKE '990.%'")
        self.db.insert(burst)
        self.source.batch_size = 3
        log = self.source._sync()
        self.assertEqual(log.rows_read, len(SCENARIOS) + len(burst))
        linkedids = set(self.calls().mapped("linkedid"))
        self.assertLessEqual({row["uniqueid"] for row in burst}, linkedids)

    def test_batch_is_an_index_range_not_a_table_scan(self):
        """FreePBX indexes calldate only: reading a batch must not sort the whole table
        (seconds per batch on a million rows)."""
        later = [cdr(f"980.{i}", 10000 + i // 3, src="09120000000") for i in range(3000)]
        self.addCleanup(self.db.execute, "DELETE FROM cdr WHERE uniqueid LIKE '980.%'")
        self.db.insert(later)
        key = (later[0]["calldate"], "980.0", 1)  # three calls a second: the cursor in a tie
        with self.source._reader() as reader:
            reader.read_rows(START_KEY, 0, 1)  # connected

            def rows_scanned():
                with reader.connection.cursor() as cursor:
                    cursor.execute("SHOW SESSION STATUS LIKE 'Handler_read_rnd_next'")
                    _name, value = cursor.fetchone().values()
                    return int(value)

            before = rows_scanned()
            rows, _offset = reader.read_rows(key, 0, 10)
            scanned = rows_scanned() - before
        expected = sorted((r["calldate"], r["uniqueid"]) for r in later)
        expected = [uniqueid.encode() for calldate, uniqueid in expected if (calldate, uniqueid) > key[:2]]
        self.assertEqual([r["uniqueid"] for r in rows], expected[:10])
        self.assertLess(scanned, 100, "the batch scanned the table")

    def test_same_uniqueid_from_two_sources(self):
        other = self.source.copy({"name": "Second PBX"})
        self.source._sync()
        other._sync()
        self.assertEqual(len(self.env["crm.call"].search([("linkedid", "=", "100.1")])), 2)

    def test_source_down_or_misconfigured(self):
        for values, message in (
            ({"port": 1}, "Can't connect"),
            ({"password": "wrong"}, "Access denied"),
            ({"table": "nocdr"}, "doesn't exist"),
        ):
            source = self.source.copy(dict(values, name="broken"))
            log = source._sync()
            self.assertIn(message, source.last_error)
            self.assertIn(message, log.errors)
            self.assertFalse(self.env["crm.call"].search([("source_id", "=", source.id)]))
        with self.assertRaises(ValidationError):
            self.source.table = "cdr; DROP TABLE cdr"

    def test_agents_see_their_own_calls_only(self):
        self.source._sync()
        calls = self.calls()
        own = calls.with_user(self.agent1).search([("id", "in", calls.ids)])
        self.assertEqual(own, calls.filtered(lambda c: c.user_id == self.agent1))
        other = calls.filtered(lambda c: c.user_id == self.agent2)[0]
        with self.assertRaises(AccessError):
            other.with_user(self.agent1).read(["number_raw"])
        with self.assertRaises(AccessError):
            self.source.with_user(self.agent1).read(["name"])

    def test_statistics_service(self):
        team = self.env["crm.team"].create({
            "name": "T", "crm_team_member_ids": [Command.create({"user_id": self.agent1.id}),
                                                   Command.create({"user_id": self.agent2.id})]})
        self.source._sync()
        day = datetime.date(2026, 11, 22)
        stats = self.env["crm.call"]._sales_panel_stats(day, day, user_ids=(self.agent1 | self.agent2).ids)
        a1, a2 = stats[self.agent1.id], stats[self.agent2.id]
        # agent1 (101): queue 90 s, anonymous 60 s, outgoing 60 s answered; no answer, busy and
        # unknown disposition missed.
        self.assertEqual((a1["incoming"], a1["outgoing"], a1["missed"], a1["answered"]), (5, 1, 3, 3))
        self.assertEqual(a1["talk_minutes"], 3.5)
        self.assertAlmostEqual(a1["avg_talk_minutes"], 3.5 / 3)
        self.assertEqual((a2["incoming"], a2["answered"], a2["successful"]), (2, 2, 2))
        self.assertEqual(a2["talk_minutes"], (150 + 45) / 60)
        self.assertFalse(self.env["crm.call"]._sales_panel_stats(
            day + datetime.timedelta(days=1), day + datetime.timedelta(days=1)))
        by_day = self.env["crm.call"]._sales_panel_stats(day, day, by_day=True)
        self.assertIn((self.agent2.id, day), by_day)
        self.assertTrue(team)


    def test_days_rolled_up_give_the_same_figures(self):
        """Managers' long ranges read rolled-up days; a day changed since is counted from the
        calls again until the next roll-up, and the figures never differ."""
        self.source._sync()
        day, today = datetime.date(2026, 11, 22), datetime.date(2026, 11, 24)
        Day, company = self.env["crm.call.day"], self.env.company
        state = lambda: Day.env["crm.call.day.state"].search(  # noqa: E731
            [("company_id", "=", company.id), ("day", "=", day)])
        self.assertTrue(state().dirty, "the sync's COPY marked its day")
        manager = new_test_user(self.env, login="cdr_manager", groups="crm_sales_base.group_manager")
        Call = self.env["crm.call"].with_user(manager)
        agents = (self.agent1 | self.agent2).ids
        live = Call._sales_panel_stats(day, day, user_ids=agents)
        live_by_team = Call._sales_panel_stats(day, today, groupby="team_id", by_day=True)
        self.assertEqual(Day._sales_panel_roll_up(company, today=today), 2, "the 22nd and the 23rd")
        self.assertFalse(state().dirty)
        self.assertTrue(Day.search([("day", "=", day), ("user_id", "=", self.agent1.id)]))
        self.assertEqual(Call._sales_panel_stats(day, day, user_ids=agents), live)
        self.assertEqual(Call._sales_panel_stats(day, today, groupby="team_id", by_day=True), live_by_team)
        # A late call on the rolled-up day: dirty, counted from the calls at once.
        self.env["crm.call"].create({
            "linkedid": "late", "user_id": self.agent1.id, "direction": "outgoing", "disposition": "answered",
            "talk_seconds": 600, "start_date": datetime.datetime(2026, 11, 22, 8, 0)})
        self.assertTrue(state().dirty)
        later = Call._sales_panel_stats(day, day, user_ids=agents)
        self.assertEqual(later[self.agent1.id]["outgoing"], live[self.agent1.id]["outgoing"] + 1)
        self.assertEqual(later[self.agent1.id]["talk_minutes"], live[self.agent1.id]["talk_minutes"] + 10)
        Day._sales_panel_roll_up(company, today=today)
        self.assertEqual(Call._sales_panel_stats(day, day, user_ids=agents), later)
        # Agents read their own calls through their rules, never the roll-up.
        own = self.env["crm.call"].with_user(self.agent1)._sales_panel_stats(day, day)
        self.assertEqual(list(own), [self.agent1.id])
        self.assertEqual(own[self.agent1.id], later[self.agent1.id])
        # A new successful-call threshold counts every day from the calls again.
        company.sales_panel_successful_seconds = 100
        self.assertFalse(state())
        self.assertEqual(Call._sales_panel_stats(day, day, user_ids=agents)[self.agent1.id]["successful"],
                         self.env["crm.call"].search_count([("user_id", "=", self.agent1.id),
                                                            ("is_successful", "=", True)]))


@tagged("post_install", "-at_install")
class TestMasterCsv(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agents_with_extensions(cls.env, "101")

    def test_master_csv_read_once_even_with_a_half_written_line(self):
        import tempfile

        line = ('"","09121234567","101","from-trunk","""Ali"" <09121234567>","PJSIP/trunk-1",'
                '"PJSIP/101-2","Dial","","2026-11-22 09:{m:02d}:00","2026-11-22 09:{m:02d}:10",'
                '"2026-11-22 09:{m:02d}:50",50,40,"ANSWERED","DOCUMENTATION","csv.{m}","","csv.{m}",1\n')
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
            fh.write(line.format(m=1) + line.format(m=2) + line.format(m=3)[:40])
            path = fh.name
        source = self.env["crm.cdr.source"].create({"name": "csv", "kind": "csv", "csv_path": path})
        log = source._sync()
        self.assertEqual((log.rows_read, log.calls_created), (2, 2))
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line.format(m=3)[40:])
        log = source._sync()
        self.assertEqual((log.rows_read, log.calls_created), (1, 1))
        self.assertEqual(source._sync().rows_read, 0)
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        self.assertEqual(len(calls), 3)
        self.assertEqual(set(calls.mapped("talk_seconds")), {40})
