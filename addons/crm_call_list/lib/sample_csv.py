"""A CSV file of numbers as call centres receive them, for the import's test and benchmark
(issue 23): Persian names, mobile numbers written several ways (Persian digits, spaces,
+98), 1 % twice in the file and 1 % numbers of known contacts."""

import random

from odoo.addons.crm_sales_base.lib.persian import persian_digits

NAMES = ["علی", "رضا", "مریم", "زهرا", "حسین", "فاطمه", "محمد", "سارا", "نیما", "لیلا"]
FAMILIES = ["رضایی", "احمدی", "کاظمی", "محمدی", "حسینی", "کریمی", "موسوی", "جعفری"]
# base_import's batch (the web client's default): its progress bar moves between batches.
BATCH = 2_000


def make_csv(rows, known_numbers, seed=23):
    """UTF-8 bytes of a file "Name,Phone" of ``rows`` rows: row 50 of every hundred takes one
    of ``known_numbers`` (when given), row 99 repeats an earlier number of the file."""
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
            number = persian_digits(number)
        elif style == 2:
            number = f"{number[:4]} {number[4:7]} {number[7:]}"
        elif style == 3 and number.startswith("0"):
            number = "+98" + number[1:]
        lines.append(f"{rng.choice(NAMES)} {rng.choice(FAMILIES)},{number}")
    return ("\n".join(lines) + "\n").encode()


def import_in_batches(env, model, content, fields, context, batch=BATCH):
    """base_import of ``content`` as the web client sends it: ``execute_import`` batch after
    batch until ``nextrow`` is 0. Returns (ids imported, batches, error messages)."""
    wizard = env["base_import.import"].create({"res_model": model, "file": content, "file_type": "text/csv",
                                               "file_name": "numbers.csv"}).with_context(**context)
    options = {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8", "limit": batch,
               "skip": 0}
    header = content.split(b"\n", 1)[0].decode().split(",")
    ids, batches = [], 0
    while True:
        result = wizard.execute_import(fields, header, dict(options))
        batches += 1
        errors = [message for message in result.get("messages", []) if message["type"] == "error"]
        if errors:
            return ids, batches, errors
        ids += result["ids"]
        if not result.get("nextrow"):
            return ids, batches, []
        options["skip"] = result["nextrow"]
