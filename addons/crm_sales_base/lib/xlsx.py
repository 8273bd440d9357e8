"""Spreadsheets the suite writes (key people, manager report)."""

# Cells hold what people typed, as text: a name like "=HYPERLINK(…)" or "http://…" must not
# become a formula or a link in the reader's spreadsheet program (formula injection).
XLSX_TEXT_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
