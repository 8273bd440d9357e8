import codecs
import hashlib
import threading
from collections import OrderedDict

from odoo import _, models

from odoo.addons.base_import.models.base_import import ImportValidationError

MODEL = "crm.call.list.number"


class _ImportRows:
    """The converted rows of the files being imported in batches, by import, file and
    options: the last few only (the rows of a large file take tens of MB), each
    dropped after the batch that ends its import. A batch served by another worker of a
    multi-process server reads the file once more."""

    def __init__(self, size=2):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
            return self.entries.get(key)

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def drop(self, dbname, import_id):
        with self.lock:
            for key in [key for key in self.entries if key[:2] == (dbname, import_id)]:
                del self.entries[key]


_IMPORT_ROWS = _ImportRows()


class BaseImport(models.TransientModel):
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        """Imports of call-list numbers: which import a number came with (for the report of
        duplicates in the file across base_import's batches) and whether it is the test run
        (the report)."""
        if self.res_model == MODEL:
            self = self.with_context(call_list_import_id=self.id, call_list_dryrun=dryrun,
                                     call_list_first_row=(options.get("skip") or 0) + (2 if options.get("has_headers") else 1))
            result = super().execute_import(fields, columns, options, dryrun=dryrun)
            if not result.get("nextrow"):  # the import's last batch, or it stopped
                _IMPORT_ROWS.drop(self.env.cr.dbname, self.id)
            return result
        return super().execute_import(fields, columns, options, dryrun=dryrun)

    def _convert_import_data(self, fields, options):
        """A batch of call-list numbers converts only its own rows. base_import reads and
        converts the whole file again for every batch, then hands every row after
        ``skip`` to the next steps (dates and numbers parsed, columns merged) while
        ``load`` takes ``limit`` of them: for a file sent in batches this is quadratic
        (bench/README.md, issue 23). The rows of the file are kept by
        the process between the batches of one import (``_ImportRows``) and the batch
        gets its ``limit`` rows, so ``load`` still says where the next batch starts; a
        mapping through a one2many (a record spanning several lines) keeps base_import's
        way."""
        limit = options.get("limit")
        if self.res_model != MODEL or not limit or any(
                getattr(self.env[MODEL]._fields.get(name.split("/")[0]), "type", None) == "one2many"
                for name in fields if name):
            return super()._convert_import_data(fields, options)
        key = (self.env.cr.dbname, self.id, hashlib.sha1(self.file or b"").digest(), tuple(fields),
               *(str(options.get(name)) for name in ("encoding", "separator", "quoting", "has_headers", "sheet")))
        cached = _IMPORT_ROWS.get(key)
        if cached is None:
            data, import_fields = super()._convert_import_data(fields, dict(options, skip=0))
            # Tuples of strings: the garbage collector stops walking them (it walked the
            # lists of every row of the file at each collection).
            cached = [tuple(row) for row in data], import_fields
            _IMPORT_ROWS.put(key, cached)
        data, import_fields = cached
        skip = options.get("skip") or 0
        # Copies: the next steps write into the rows (dates, file names of images).
        return [list(row) for row in data[skip:skip + limit]], list(import_fields)

    def _read_csv(self, options):
        """Files of numbers as spreadsheets save them: a UTF-8 file with a byte order mark
        (Excel's "CSV UTF-8") read with "utf-8" keeps the mark out of the first title; a
        line broken by a quote left open (the rest of the file read as one field) or by a
        stray separator is named, instead of base_import's "list index out of range"."""
        if self.res_model != MODEL:
            return super()._read_csv(options)
        if (self.file or b"").startswith(codecs.BOM_UTF8) and (options.get("encoding") or "").lower() in (
                "utf-8", "utf8"):
            options = dict(options, encoding="utf-8-sig")
        length, rows = super()._read_csv(options)
        width = len(rows[0]) if rows else 0
        # Every batch reads the whole file again: the widths compared at C speed, the
        # line looked for only when one differs.
        if len(set(map(len, rows))) <= 1:
            return length, rows
        for line, row in enumerate(rows, start=1):
            if len(row) != width:
                raise ImportValidationError(_(
                    "Line %(line)s has %(count)s fields where the title line has %(width)s: a quote left open "
                    "or a separator inside a field without quotes. It starts with: %(start)s",
                    line=line, count=len(row), width=width, start=options.get("separator", ",").join(row)[:60]))
        return length, rows
