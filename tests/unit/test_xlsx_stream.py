"""The streaming spreadsheet writer of big exports (crm_sales_base/lib/xlsx.py, issue 20):
what openpyxl (as a spreadsheet program would) reads back from it."""

import io

import openpyxl

from odoo.addons.crm_sales_base.lib.xlsx import XlsxTextSheet


def _write(rows, **options):
    output = io.BytesIO()
    with XlsxTextSheet(output, "افراد کلیدی", widths=[22, 10, 30], **options) as sheet:
        sheet.header(["Company", "Tier", "Person"])
        sheet.rows(rows[:2])
        sheet.rows(rows[2:])
    return output.getvalue()


def test_rows_read_back_as_written():
    rows = [("شرکت ۱", "طلایی", "علی"), ("Co 2", "", None), ("Co 3", False, "  spaced  ")]
    book = openpyxl.load_workbook(io.BytesIO(_write(rows, rtl=True)))
    sheet = book.active
    assert sheet.title == "افراد کلیدی"
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].font.b and not sheet["A2"].font.b, "the header row only is bold"
    assert sheet.column_dimensions["C"].width == 30
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [
        ("شرکت ۱", "طلایی", "علی"), ("Co 2", None, None), ("Co 3", None, "  spaced  ")]


def test_every_cell_is_text():
    """What people typed stays text: no formula, number or link, whatever it looks like;
    markup characters and control characters do not break the file."""
    typed = ['=HYPERLINK("http://x.example","y")', "http://evil.example/", "09121234567",
             "<b>&amp;</b>", "tab\there\x01bell"]
    sheet = openpyxl.load_workbook(io.BytesIO(_write([tuple(typed[:3]), tuple(typed[3:]) + ("",)]))).active
    cells = list(sheet.iter_rows(min_row=2))
    for cell, value in zip(cells[0], typed[:3], strict=True):
        assert (cell.value, cell.data_type, cell.hyperlink) == (value, "s", None)
    assert cells[1][0].value == "<b>&amp;</b>"
    assert cells[1][1].value == "tab\therebell"


def test_read_only_readers_see_every_column():
    """A row with empty last cells keeps its width for readers that size rows by their
    cells (openpyxl's read-only mode, used by the background export's tests)."""
    sheet = openpyxl.load_workbook(io.BytesIO(_write([("Co", "", "")])), read_only=True).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("Co", None, None)]
