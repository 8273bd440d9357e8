"""Odoo's spreadsheet export (the lists' Export button) in the user's calendar.

Odoo writes dates as dates formatted yyyy-mm-dd, which a spreadsheet shows in its own,
Gregorian, calendar. For a user who reads dates in the Solar Hijri calendar
(res.users._sales_panel_display_calendar) they are written as text, 1405/09/10 and
1405/09/10 14:30:00, as the web client shows them; everyone else gets Odoo's cells.
"""

import datetime

from odoo.http import request

from odoo.addons.web.controllers.export import ExcelExport, ExportXlsxWriter, GroupExportXlsxWriter

from ..lib import calendar


class CalendarCellsMixin:
    """Date and datetime cells as text of ``calendar_code`` (set before writing)."""

    calendar_code = calendar.Gregorian.name

    def write_cell(self, row, column, cell_value):
        if self.calendar_code != calendar.Gregorian.name and isinstance(cell_value, datetime.date):
            # Datetimes come in the user's timezone already (fields.Datetime.convert_to_export).
            cell_value = calendar.format_datetime(cell_value, self.calendar_code, seconds=True) \
                if isinstance(cell_value, datetime.datetime) else calendar.format_date(cell_value, self.calendar_code)
        return super().write_cell(row, column, cell_value)


class CalendarExportXlsxWriter(CalendarCellsMixin, ExportXlsxWriter):
    pass


class CalendarGroupExportXlsxWriter(CalendarCellsMixin, GroupExportXlsxWriter):
    pass


class SalesPanelExcelExport(ExcelExport):
    """Odoo's /web/export/xlsx with date cells in the user's calendar."""

    def from_group_data(self, fields, columns_headers, groups):
        with CalendarGroupExportXlsxWriter(fields, columns_headers, groups.count) as writer:
            writer.calendar_code = request.env.user._sales_panel_display_calendar()
            row, column = 1, 0
            for group_name, group in groups.children.items():
                row, column = writer.write_group(row, column, group_name, group)
        return writer.value

    def from_data(self, fields, columns_headers, rows):
        with CalendarExportXlsxWriter(fields, columns_headers, len(rows)) as writer:
            writer.calendar_code = request.env.user._sales_panel_display_calendar()
            for row_index, row in enumerate(rows):
                for cell_index, cell_value in enumerate(row):
                    writer.write_cell(row_index + 1, cell_index, cell_value)
        return writer.value
