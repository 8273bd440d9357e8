"""F23: the key-people spreadsheet (issue 3: 100 000 companies, 300 000 contacts in
< 60 s and < 500 MB), beside the stock way: export_data of the key people with their
company's fields, written by an in-memory xlsxwriter workbook as the web client's export
does."""

import io

import xlsxwriter

from .harness import Goal, benchmark, timed

FIELDS = ["parent_id/name", "parent_id/tier", "name", "function", "phone", "mobile", "email",
          "user_id/name"]


def _stock_export(env):
    people = env["res.partner"].search([("is_key_person", "=", True)], order="parent_id, name")
    rows = people.export_data(FIELDS)["datas"]
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, FIELDS)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    book.close()
    return output.getvalue()


@benchmark("key people export (s)", "<= 15 s, <= 300 MB at size L (issue 20; issue 3: < 60 s, < 500 MB)", "s",
           goal=Goal(limit=15))
def key_people_seconds(ctx):
    env = ctx.env
    ours_s, ours_mb, content = timed(env["res.partner"]._sales_panel_key_people_xlsx)
    env.invalidate_all()
    stock_s, stock_mb, _stock = timed(_stock_export, env)
    return {
        "ours": ours_s,
        "stock": stock_s,
        "checks": [(ours_mb <= 300, f"peak memory {ours_mb:.0f} MB ≤ 300 MB")],
        "note": f"{ctx.counts.get('companies')} companies; peak RSS ours "
                f"{ours_mb:.0f} MB vs stock {stock_mb:.0f} MB; file {len(content) / 2**20:.1f} MB",
    }
