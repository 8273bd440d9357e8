"""Issue 23: 100 000 numbers imported into a call list in at most 60 s, with progress.

Ours: base_import's own import of a CSV file into ``crm.call.list.number``, as the web
client sends it: batches of 2 000 rows (base_import's default; the client shows its
progress bar between batches), each batch's numbers normalised to E.164, checked against
the list and the company's contacts in one query each. The file has Persian names, mobile
numbers written several ways (Persian digits, spaces, +98), 1 % twice in the file and 1 %
the numbers of the dataset's contacts. Stock: the same base_import of the same rows into
contacts (``res.partner``, name and mobile), on a sample of 10 000 rows (it is the slow
one), scaled to 100 000.
"""

import random
import time

from .harness import benchmark

ROWS = 100_000
STOCK_ROWS = 10_000
BATCH = 2_000
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
NAMES = ["علی", "رضا", "مریم", "زهرا", "حسین", "فاطمه", "محمد", "سارا", "نیما", "لیلا"]
FAMILIES = ["رضایی", "احمدی", "کاظمی", "محمدی", "حسینی", "کریمی", "موسوی", "جعفری"]


def make_csv(rows, known_numbers, seed=23):
    rng = random.Random(seed)
    lines = ["Name,Phone"]
    numbers = []
    for i in range(rows):
        if known_numbers and i % 100 == 50:
            number = rng.choice(known_numbers)
        elif numbers and i % 100 == 99:
            number = rng.choice(numbers)  # twice in the file
        else:
            number = f"0912{i:07d}"
            numbers.append(number)
        style = i % 4
        if style == 1:
            number = number.translate(PERSIAN_DIGITS)
        elif style == 2:
            number = f"{number[:4]} {number[4:7]} {number[7:]}"
        elif style == 3 and number.startswith("0"):
            number = "+98" + number[1:]
        lines.append(f"{rng.choice(NAMES)} {rng.choice(FAMILIES)},{number}")
    return ("\n".join(lines) + "\n").encode()


def import_in_batches(env, model, content, fields, context):
    """The web client's import: execute_import batch after batch until nextrow is 0."""
    wizard = env["base_import.import"].create({"res_model": model, "file": content, "file_type": "text/csv",
                                               "file_name": "numbers.csv"}).with_context(**context)
    options = {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8", "limit": BATCH,
               "skip": 0}
    imported, batches = 0, 0
    while True:
        result = wizard.execute_import(fields, ["Name", "Phone"], dict(options))
        assert not [m for m in result.get("messages", []) if m["type"] == "error"], result["messages"][:3]
        imported += len(result["ids"])
        batches += 1
        if not result.get("nextrow"):
            return imported, batches
        options["skip"] = result["nextrow"]


@benchmark("call list import", "≤ 60 s for 100 000 rows (issue 23)", "s")
def bench_call_list_import(ctx):
    env = ctx.env
    env.cr.execute("SELECT mobile FROM res_partner WHERE mobile IS NOT NULL ORDER BY id LIMIT 1000")
    known = [row[0] for row in env.cr.fetchall()]
    content = make_csv(ROWS, known)
    call_list = env["crm.call.list"].create({"name": "Bench list"})
    start = time.perf_counter()
    imported, batches = import_in_batches(env, "crm.call.list.number", content, ["name", "number_raw"],
                                          {"default_list_id": call_list.id})
    ours = time.perf_counter() - start
    duplicates = env["crm.call.list.number"].search_count([("list_id", "=", call_list.id), ("state", "=", "duplicate")])
    contacts = env["crm.call.list.number"].search_count([("list_id", "=", call_list.id), ("is_customer", "=", True)])
    assert imported == ROWS, imported
    sample = make_csv(STOCK_ROWS, [], seed=24)
    start = time.perf_counter()
    import_in_batches(env, "res.partner", sample, ["name", "mobile"], {})
    stock = (time.perf_counter() - start) * ROWS / STOCK_ROWS
    return {"ours": ours, "stock": stock,
            "note": f"{imported} rows in {batches} batches of {BATCH}: {duplicates} duplicates and {contacts} "
                    f"contacts' numbers reported; stock measured on {STOCK_ROWS} contacts and scaled"}
