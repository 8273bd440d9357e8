"""Master.csv rotated by logrotate or truncated by hand (issue 14, "Robustness")."""

import os
import shutil
import tempfile

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMasterCsvRotation(TransactionCase):
    def test_master_csv_rotated_or_truncated_is_read_from_its_start_once(self):
        """logrotate moves Master.csv away (another inode) or an administrator empties it
        (shorter than the bytes read): the file at the path is read from its start, in
        several batches, and rows already stored are not stored twice."""
        # Asterisk's layout with newcdrcolumns: … amaflags, uniqueid, userfield, peeraccount,
        # linkedid, sequence.
        line = ('"","0912123456{m}","101","from-trunk","""Ali"" <0912123456{m}>","PJSIP/trunk-{m}",'
                '"PJSIP/101-{m}","Dial","","2026-11-22 10:{m:02d}:00","2026-11-22 10:{m:02d}:10",'
                '"2026-11-22 10:{m:02d}:50",50,40,"ANSWERED","DOCUMENTATION","rot.{m}","","","rot.{m}",1\n')
        directory = tempfile.mkdtemp(prefix="sp-master-csv-")
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        path = os.path.join(directory, "Master.csv")

        def write(mode, *minutes):
            with open(path, mode, encoding="utf-8") as fh:
                fh.write("".join(line.format(m=m) for m in minutes))

        write("w", 1, 2, 3)
        source = self.env["crm.cdr.source"].create({
            "name": "csv", "kind": "csv", "csv_path": path, "batch_size": 2})
        log = source._sync()
        self.assertEqual((log.rows_read, log.calls_created, log.file_restarted), (3, 3, False))
        first_inode = source.cursor_inode
        self.assertTrue(first_inode)
        # Rotated: Master.csv moved to Master.csv.1, a new file begun (with a row already stored).
        os.rename(path, path + ".1")
        write("w", 3, 4, 5, 6)
        log = source._sync()
        self.assertEqual((log.rows_read, log.calls_created, log.file_restarted), (4, 3, True))
        self.assertNotEqual(source.cursor_inode, first_inode)
        self.assertEqual(source.cursor_offset, os.path.getsize(path))
        self.assertEqual(source._sync().rows_read, 0, "read once, in two batches")
        # Truncated in place (same inode, fewer bytes than read), then written again.
        write("w", 7)
        log = source._sync()
        self.assertEqual((log.rows_read, log.calls_created, log.file_restarted), (1, 1, True))
        calls = self.env["crm.call"].search([("source_id", "=", source.id)])
        self.assertEqual(sorted(calls.mapped("linkedid")), [f"rot.{m}" for m in range(1, 8)])
