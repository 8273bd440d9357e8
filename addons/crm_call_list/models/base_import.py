import codecs

from odoo import _, models

from odoo.addons.base_import.models.base_import import ImportValidationError

MODEL = "crm.call.list.number"


class BaseImport(models.TransientModel):
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        """Imports of call-list numbers: which import a number came with (for the report of
        duplicates in the file across base_import's batches) and whether it is the test run
        (the report)."""
        if self.res_model == MODEL:
            self = self.with_context(call_list_import_id=self.id, call_list_dryrun=dryrun,
                                     call_list_first_row=(options.get("skip") or 0) + (2 if options.get("has_headers") else 1))
        return super().execute_import(fields, columns, options, dryrun=dryrun)

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
        for line, row in enumerate(rows, start=1):
            if len(row) != width:
                raise ImportValidationError(_(
                    "Line %(line)s has %(count)s fields where the title line has %(width)s: a quote left open "
                    "or a separator inside a field without quotes. It starts with: %(start)s",
                    line=line, count=len(row), width=width, start=options.get("separator", ",").join(row)[:60]))
        return length, rows
