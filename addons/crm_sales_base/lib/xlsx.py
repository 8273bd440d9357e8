"""Spreadsheets the suite writes (key people, manager report)."""

# Cells hold what people typed, as text: a name like "=HYPERLINK(…)" or "http://…" must not
# become a formula or a link in the reader's spreadsheet program (formula injection).
XLSX_TEXT_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


# The streaming writer below --------------------------------------------------------------

import re  # noqa: E402  (the writer's own imports, after the options the other files share)
import zipfile  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

# Characters XML 1.0 does not allow (a control character typed into a field would make the
# whole file unreadable).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_INVALID_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHAR_FFFE, _NONCHAR_FFFF = "\ufffe".encode(), "\uffff".encode()

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')
# Style 0: normal; style 1: bold (the header row).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


BOLD = ' s="1"'


def _column(index):
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


COLUMNS = [_column(index) for index in range(702)]  # A … ZZ


class XlsxTextSheet:
    """One sheet of text cells written straight into the zipped file as rows come, for
    exports of hundreds of thousands of rows: xlsxwriter's constant-memory mode spends
    most of a 266 000-row file in its per-cell work (bench/README.md). Every cell is text
    (an inline string): never a formula, a number or a link, whatever was typed.

        with XlsxTextSheet(output, "Sheet", widths=[22] * 8, rtl=True) as sheet:
            sheet.header(["Company", ...])
            sheet.rows(iterable_of_tuples)
    """

    def __init__(self, output, name, widths=(), rtl=False):
        self._zip = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._name = _INVALID_XML.sub("", name)[:31]
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w")
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(widths, start=1))
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + '<sheetViews><sheetView workbookViewId="0"' + (' rightToLeft="1"' if rtl else "") + "/></sheetViews>"
            + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")
        self._row = 0

    def _write(self, text):
        # Dropped from the encoded bytes (one pass in C; the regular expression over the text
        # took a sixth of a large file's time): the control characters are single bytes in
        # UTF-8, never part of another character's bytes.
        data = text.encode().translate(None, _INVALID_BYTES)
        if _NONCHAR_FFFE in data or _NONCHAR_FFFF in data:
            data = data.replace(_NONCHAR_FFFE, b"").replace(_NONCHAR_FFFF, b"")
        self._sheet.write(data)

    @staticmethod
    def _cells(values, row, style=""):
        # Empty cells are written too (without a value): readers that size a row by its
        # last cell (openpyxl's read-only mode) see every column. Most texts need no escaping:
        # tested first (the escaping's function call was a fifth of a 266 000-row file's time).
        cells = []
        for index, value in enumerate(values):
            if value is None or value is False or value == "":
                cells.append(f'<c r="{COLUMNS[index]}{row}"/>')
                continue
            text = str(value)
            if "&" in text or "<" in text or ">" in text:
                text = escape(text)
            cells.append(f'<c r="{COLUMNS[index]}{row}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>')
        return "".join(cells)

    def header(self, values):
        self._row += 1
        self._write(f'<row r="{self._row}">{self._cells(values, self._row, BOLD)}</row>')

    def rows(self, rows):
        """Write ``rows`` (sequences of text; empty cells: None, False or "")."""
        parts = []
        row = self._row
        for values in rows:
            row += 1
            parts.append(f'<row r="{row}">{self._cells(values, row)}</row>')
        self._row = row
        self._write("".join(parts))

    def close(self):
        self._write("</sheetData></worksheet>")
        self._sheet.close()
        for path, content in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                              ("xl/workbook.xml", _WORKBOOK.format(name=escape(self._name, {'"': "&quot;"}))),
                              ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/styles.xml", _STYLES)):
            self._zip.writestr(path, content)
        self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
