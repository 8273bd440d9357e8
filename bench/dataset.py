"""Dataset of a real company's shape for the benchmarks, written with bulk SQL.

The ORM would take hours at P1 size; rows are inserted with ``INSERT … SELECT`` over
``generate_series`` and every column the ORM would fill (stored computed fields,
required fields' defaults) is filled the same way, so the ORM reads the data as its own.
Sizes: S for quick runs, M for the issue targets measured at 100 000 companies, L = P1.
"""

from odoo.tools import SQL

SUITE = {"crm_sales_base", "crm_voip_bridge", "crm_proforma_followup", "crm_agent_scoring",
         "crm_alerts", "crm_sms_after_call"}

SIZES = {
    "S": {"companies": 2_000, "contacts": 8_000, "agents": 20, "teams": 2, "calls": 50_000,
          "cdr_rows": 20_000, "quotations": 5_000, "activities": 20_000, "leads": 2_000},
    "M": {"companies": 100_000, "contacts": 300_000, "agents": 100, "teams": 5, "calls": 1_000_000,
          "cdr_rows": 200_000, "quotations": 100_000, "activities": 400_000, "leads": 40_000},
    "L": {"companies": 200_000, "contacts": 800_000, "agents": 200, "teams": 10, "calls": 5_000_000,
          "cdr_rows": 1_000_000, "quotations": 500_000, "activities": 2_000_000, "leads": 200_000},
}
# Calls are spread over the working hours (08:00–17:00 Asia/Tehran = 04:30–13:30 UTC) of
# the last 300 days; a few customers get many calls and most get few (cube of a uniform).
CALL_DAYS = 300
WORKDAY_SECONDS = 9 * 3600
FIRST = ["علی", "محمد", "رضا", "حسین", "مهدی", "زهرا", "فاطمه", "مریم", "سارا", "نرگس"]
LAST = ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "قاسمی", "نوری", "صادقی"]
COMPANY = ["فولاد", "پتروشیمی", "صنایع", "بازرگانی", "تجهیزات", "مهندسی", "پخش", "نساجی"]


def _constant_defaults(env, model, skip):
    """Column values the ORM would give every new row (required fields with defaults)."""
    Model = env[model]
    names = [
        name for name, field in Model._fields.items()
        if field.store and field.column_type and name not in skip and not field.compute
        and (field.required or field.default) and field.type not in ("one2many", "many2many")
        and name not in ("id", "create_uid", "write_uid", "create_date", "write_date")
    ]
    defaults = Model.default_get(names)
    values = {}
    for name in names:
        if name in defaults:
            field = Model._fields[name]
            values[name] = field.convert_to_column(defaults[name], Model)
    return values


def _insert(env, table, columns, select_terms, count):
    """INSERT INTO table (id, columns) SELECT s.id, select_terms FROM (g, id) rows: ``g`` runs
    from 1 to count and ``s.id`` is the row's id taken from the table's sequence, so that
    stored fields pointing at the row itself are written in the same statement."""
    env.cr.execute(SQL(
        "INSERT INTO %s (id, %s) SELECT s.id, %s FROM (SELECT g, nextval(%s) AS id "
        "FROM generate_series(1, %s) AS g) AS s",
        SQL.identifier(table),
        SQL(", ").join(SQL.identifier(c) for c in columns),
        SQL(", ").join(select_terms),
        f"{table}_id_seq",
        count,
    ))


def build(env, size):
    counts = dict(SIZES[size])
    cr = env.cr
    user_ids = _agents(env, counts["agents"])
    skip = {"name", "complete_name", "is_company", "parent_id", "commercial_partner_id", "user_id",
            "firstname", "lastname", "phone", "mobile", "phone_e164", "mobile_e164", "tier",
            "is_key_person", "type", "active", "cooperation_type_id", "partner_share",
            "is_number_only", "commercial_company_name", "phone_sanitized"}
    defaults = _constant_defaults(env, "res.partner", skip)
    none_type = env.ref("crm_sales_base.cooperation_type_none").id
    common_cols = ["type", "active", "cooperation_type_id", "partner_share", "is_number_only", *defaults]
    common_vals = [SQL("'contact'"), SQL("true"), SQL("%s", none_type), SQL("true"), SQL("false"),
                   *[SQL("%s", v) for v in defaults.values()]]
    users = SQL("(%s::int[])[1 + mod(s.g, %s)]", user_ids, len(user_ids))
    tier = SQL("(ARRAY['gold','silver','bronze','none','none','none'])[1 + mod(s.g, 6)]")

    # Company number k is named "<word> k"; contacts find their company's name from k alone.
    def company_name(k):
        return SQL("(%s::text[])[1 + mod(%s, %s)] || ' ' || %s", COMPANY, k, len(COMPANY), k)

    _teams(env, user_ids, counts["teams"])  # before: its users' partners take ids
    cr.execute("SELECT last_value + 1 FROM res_partner_id_seq")
    first_company = cr.fetchone()[0]
    phone = SQL("'+9821' || lpad(mod(s.g, 100000000)::text, 8, '0')")
    _insert(env, "res_partner",
            ["name", "complete_name", "commercial_company_name", "is_company", "commercial_partner_id",
             "user_id", "tier", "phone", "phone_e164", "phone_sanitized", *common_cols],
            [company_name(SQL("s.g")), company_name(SQL("s.g")), company_name(SQL("s.g")), SQL("true"),
             SQL("s.id"), users, tier, SQL("'021' || lpad(mod(s.g, 100000000)::text, 8, '0')"),
             phone, phone, *common_vals],
            counts["companies"])
    cr.execute(SQL("SELECT min(id), max(id) FROM res_partner WHERE is_company AND id >= %s", first_company))
    low, high = cr.fetchone()

    first = SQL("(%s::text[])[1 + mod(s.g, %s)]", FIRST, len(FIRST))
    last = SQL("(%s::text[])[1 + mod(s.g / 7, %s)]", LAST, len(LAST))
    person = SQL("%s || ' ' || %s", first, last)
    k = SQL("(1 + mod(s.g, %s))", counts["companies"])
    parent = SQL("%s - 1 + %s", low, k)
    mobile = SQL("'+98912' || lpad(mod(s.g, 10000000)::text, 7, '0')")
    _insert(env, "res_partner",
            ["firstname", "lastname", "name", "complete_name", "commercial_company_name", "is_company",
             "parent_id", "commercial_partner_id", "user_id", "tier", "mobile", "mobile_e164",
             "phone_sanitized", "is_key_person", *common_cols],
            [first, last, person, SQL("%s || ', ' || %s", company_name(k), person), company_name(k),
             SQL("false"), parent, parent, users, tier,
             SQL("'0912' || lpad(mod(s.g, 10000000)::text, 7, '0')"), mobile, mobile,
             SQL("mod(s.g, 3) = 0"), *common_vals],
            counts["contacts"])
    assert high - low + 1 == counts["companies"]
    cr.execute("ANALYZE res_partner")
    _calls(env, counts, user_ids)
    _quotations(env, counts, user_ids, first_company)
    _activities(env, counts, user_ids)
    _leads(env, counts, user_ids, first_company)
    env.invalidate_all()
    return counts


def _clone(env, table, template_id, overrides, source, count_hint=""):
    """INSERT INTO table SELECT the template row's columns FROM source, with ``overrides``
    ({column: SQL}) for the columns that vary. The template row is made by the ORM, so every
    column any installed addon adds gets the value the ORM gives it. ``source`` is an SQL
    FROM clause whose rows are named ``s`` (with ``s.id`` the new id)."""
    env.cr.execute(SQL(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name != 'id' ORDER BY ordinal_position", table))
    columns = [name for (name,) in env.cr.fetchall()]
    env.cr.execute(SQL(
        "INSERT INTO %s (id, %s) SELECT s.id, %s FROM %s JOIN %s AS t ON t.id = %s",
        SQL.identifier(table), SQL(", ").join(SQL.identifier(c) for c in columns),
        SQL(", ").join(overrides.get(c, SQL.identifier("t", c)) for c in columns),
        source, SQL.identifier(table), template_id,
    ))


def _quotations(env, counts, user_ids, first_company):
    """Quotations of the agents to companies, from a few million to billions, in every
    state, each with one line; cloned from one order made by the ORM."""
    product = env["product.product"].create({"name": "خدمات مشاوره", "type": "service",
                                             "list_price": 1.0, "taxes_id": [(5, 0, 0)]})
    template = env["sale.order"].with_context(tracking_disable=True).create({
        "partner_id": first_company, "user_id": user_ids[0],
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1, "price_unit": 1.0,
                               "tax_id": [(5, 0, 0)]})],
    })
    env.flush_all()
    n = counts["quotations"]
    # 10^6.5 … 10^9.7 rials: most quotations are millions, a few are billions.
    amount = SQL("round(power(10, 6.5 + 3.2 * power(mod(s.g::bigint * 7919, 10007) / 10007.0, 2)))::numeric")
    state = SQL("(ARRAY['draft','draft','sent','sent','sent','sale','sale','cancel'])[1 + mod(s.g, 8)]")
    company = SQL("%s + %s", first_company, SQL(skewed_index("s.g", counts["companies"])))
    env.cr.execute("SELECT last_value + 1 FROM sale_order_id_seq")
    first_order = env.cr.fetchone()[0]
    _clone(env, "sale_order", template.id, {
        "name": SQL("'S' || lpad(s.id::text, 7, '0')"),
        "partner_id": company, "partner_invoice_id": company, "partner_shipping_id": company,
        "user_id": SQL("s.user_id"), "team_id": SQL("m.crm_team_id"), "state": state,
        "date_order": SQL("timestamp '2026-01-01 05:00' + make_interval(days => mod(s.g, %s))",
                          CALL_DAYS),
        "amount_untaxed": amount, "amount_total": amount, "amount_tax": SQL("0"),
        "invoice_status": SQL("CASE WHEN %s = 'sale' THEN 'to invoice' ELSE 'no' END", state),
        "access_token": SQL("NULL"),
    }, SQL("(SELECT g, nextval('sale_order_id_seq') AS id, (%s::int[])[1 + mod(g, %s)] AS user_id "
           "FROM generate_series(1, %s) AS g) AS s "
           "LEFT JOIN crm_team_member m ON m.user_id = s.user_id AND m.active",
           user_ids, len(user_ids), n))
    line = template.order_line
    _clone(env, "sale_order_line", line.id, {
        "order_id": SQL("o.id"), "order_partner_id": SQL("o.partner_id"),
        "salesman_id": SQL("o.user_id"), "state": SQL("o.state"),
        "price_unit": SQL("o.amount_untaxed"), "technical_price_unit": SQL("o.amount_untaxed"),
        "price_subtotal": SQL("o.amount_untaxed"), "price_total": SQL("o.amount_untaxed"),
        "price_reduce_taxexcl": SQL("o.amount_untaxed"), "price_reduce_taxinc": SQL("o.amount_untaxed"),
        "invoice_status": SQL("o.invoice_status"),
        "qty_to_invoice": SQL("CASE WHEN o.state = 'sale' THEN 1 ELSE 0 END"),
        "untaxed_amount_to_invoice": SQL("CASE WHEN o.state = 'sale' THEN o.amount_untaxed ELSE 0 END"),
    }, SQL("(SELECT o.*, nextval('sale_order_line_id_seq') AS new_id FROM sale_order o "
           "WHERE o.id >= %s ORDER BY o.id) AS o CROSS JOIN LATERAL (SELECT o.new_id AS id) AS s",
           first_order))
    _recompute_suite_fields(env, "sale.order", SQL("id >= %s", first_order))
    env.cr.execute("ANALYZE sale_order; ANALYZE sale_order_line")


def _recompute_suite_fields(env, model, where):
    """Stored fields the suite's addons compute on a stock model (tiers, amount levels,
    follow-up counts…) are recomputed by the ORM for the cloned rows, in batches."""
    Model = env[model]
    names = [name for name, field in Model._fields.items()
             if field.store and (field.compute or field.related) and field._module in SUITE]
    if not names:
        return
    env.cr.execute(SQL("SELECT id FROM %s WHERE %s ORDER BY id", SQL.identifier(Model._table), where))
    ids = [row[0] for row in env.cr.fetchall()]
    for start in range(0, len(ids), 20_000):
        records = Model.browse(ids[start:start + 20_000])
        for name in names:
            env.add_to_compute(Model._fields[name], records)
        records.flush_recordset()
        env.invalidate_all()


def _leads(env, counts, user_ids, first_company):
    """Opportunities of the agents' pipelines, spread over the stages."""
    template = env["crm.lead"].with_context(tracking_disable=True).create({
        "name": "فرصت", "type": "opportunity", "partner_id": first_company, "user_id": user_ids[0]})
    env.flush_all()
    stages = env["crm.stage"].search([]).ids
    company = SQL("%s + %s", first_company, SQL(skewed_index("s.g", counts["companies"])))
    _clone(env, "crm_lead", template.id, {
        "name": SQL("'فرصت ' || s.g"), "partner_id": company, "user_id": SQL("s.user_id"),
        "team_id": SQL("m.crm_team_id"),
        "stage_id": SQL("(%s::int[])[1 + mod(s.g, %s)]", stages, len(stages)),
        "expected_revenue": SQL("round(power(10, 7 + 2.5 * mod(s.g::bigint * 31, 1009) / 1009.0))"),
        "date_open": SQL("timestamp '2026-01-01 05:00' + make_interval(days => mod(s.g, %s))", CALL_DAYS),
    }, SQL("(SELECT g, nextval('crm_lead_id_seq') AS id, (%s::int[])[1 + mod(g, %s)] AS user_id "
           "FROM generate_series(1, %s) AS g) AS s "
           "LEFT JOIN crm_team_member m ON m.user_id = s.user_id AND m.active",
           user_ids, len(user_ids), counts["leads"]))
    _recompute_suite_fields(env, "crm.lead", SQL("id > %s", template.id))
    env.cr.execute("ANALYZE crm_lead")


def _activities(env, counts, user_ids):
    """Activities on the quotations (calls, meetings, to-dos), overdue, today and planned;
    a third already done (archived, as Odoo 18 keeps done activities)."""
    env.cr.execute("SELECT min(id), count(*) FROM sale_order WHERE name LIKE 'S%%'")
    first_order, orders = env.cr.fetchone()
    order = env["sale.order"].browse(first_order)
    template = order.activity_schedule("mail.mail_activity_data_call", summary="پیگیری پیش‌فاکتور",
                                       user_id=order.user_id.id)
    env.flush_all()
    types = env["mail.activity.type"].search([("res_model", "in", (False, "sale.order"))]).ids
    _clone(env, "mail_activity", template.id, {
        "res_id": SQL("o.id"), "res_name": SQL("o.name"), "user_id": SQL("o.user_id"),
        "activity_type_id": SQL("(%s::int[])[1 + mod(s.g, %s)]", types, len(types)),
        "date_deadline": SQL("date '2026-11-22' + (mod(s.g::bigint * 31, 90) - 45)::int"),
        "active": SQL("mod(s.g, 3) != 0"),
        "date_done": SQL("CASE WHEN mod(s.g, 3) = 0 THEN date '2026-11-22' - mod(s.g, 60) END"),
    }, SQL("(SELECT g, nextval('mail_activity_id_seq') AS id FROM generate_series(1, %s) AS g) AS s "
           "JOIN sale_order o ON o.id = %s + mod(s.g, %s)", counts["activities"], first_order, orders))
    template.unlink()
    env.cr.execute("ANALYZE mail_activity")


def skewed_index(g, count):
    """SQL (PostgreSQL and MariaDB alike) of an index in [0, count) for row ``g``: the cube of
    a hash-uniform number, so that low indexes (a few customers) come up often."""
    return (f"floor({count} * power(mod({g} * 2654435761, 1000003) / 1000003.0, 3))")


def _calls(env, counts, user_ids):
    """crm_call rows of the history: incoming, outgoing and missed calls of the agents with
    the contacts (numbers as the contacts hold them, so the matching is consistent)."""
    cr = env.cr
    cr.execute("SELECT min(id) FROM res_partner WHERE mobile_e164 LIKE '+98912%' AND NOT is_company")
    first_contact = cr.fetchone()[0]
    company = env.company.id
    successful = env.company.sales_panel_successful_seconds
    cr.execute(SQL(
        """
        INSERT INTO crm_call (linkedid, company_id, partner_id, user_id, team_id, direction,
            disposition, start_date, answer_date, end_date, ring_seconds, talk_seconds,
            is_answered, is_successful, number_raw, number_e164, recording_file, has_recording,
            create_uid, write_uid, create_date, write_date)
        SELECT 'bench.' || c.g, %(company)s, p.id, c.user_id, m.crm_team_id, c.direction,
            CASE WHEN c.talk > 0 THEN 'answered' WHEN mod(c.g, 3) = 0 THEN 'busy' ELSE 'no_answer' END,
            c.start, CASE WHEN c.talk > 0 THEN c.start + interval '12 seconds' END,
            c.start + make_interval(secs => 12 + c.talk), 12, c.talk, c.talk > 0,
            c.talk >= %(successful)s, p.mobile, p.mobile_e164,
            CASE WHEN c.talk > 0 THEN 'rec-' || c.g || '.wav' END, c.talk > 0,
            1, 1, now(), now()
        FROM (
            SELECT g, (%(users)s::int[])[1 + mod(g, %(n_users)s)] AS user_id,
                   CASE WHEN mod(g, 3) = 0 THEN 'outgoing' ELSE 'incoming' END AS direction,
                   CASE WHEN mod(g, 10) < 7 THEN 5 + mod(g * 13, 600) ELSE 0 END AS talk,
                   timestamp '2026-01-01 04:30' + make_interval(days => mod(g, %(days)s),
                       secs => mod(g * 7, %(workday)s)) AS start,
                   %(first)s + %(skew)s AS partner_id
            FROM generate_series(1, %(count)s) AS g
        ) AS c
        JOIN res_partner p ON p.id = c.partner_id
        LEFT JOIN crm_team_member m ON m.user_id = c.user_id AND m.active
        """,
        company=company, successful=successful, users=user_ids, n_users=len(user_ids),
        days=CALL_DAYS, workday=WORKDAY_SECONDS, first=first_contact,
        skew=SQL(skewed_index("g", counts["contacts"])), count=counts["calls"],
    ))
    cr.execute("ANALYZE crm_call")


def _teams(env, user_ids, count):
    """``count`` teams sharing the agents, each led by a supervisor."""
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    group = env.ref("crm_sales_base.group_supervisor")
    for index in range(count):
        leader = Users.create({"name": f"سرپرست {index}", "login": f"bench_supervisor_{index}",
                               "groups_id": [(6, 0, group.ids)]})
        env["crm.team"].with_context(tracking_disable=True).create({
            "name": f"تیم {index + 1}", "user_id": leader.id,
            "crm_team_member_ids": [(0, 0, {"user_id": uid}) for uid in user_ids[index::count]],
        })


CDR_ROWS_SQL = """
INSERT INTO cdr (calldate, clid, src, dst, dcontext, channel, dstchannel, lastapp, duration,
                 billsec, disposition, uniqueid, linkedid, sequence, did, recordingfile)
SELECT calldate, concat('"', number, '" <', number, '>'),
       IF(outgoing, ext, number), IF(outgoing, number, ext), 'from-internal',
       IF(outgoing, concat('PJSIP/', ext, '-', hex(g)), concat('PJSIP/trunk-', hex(g))),
       IF(outgoing, concat('PJSIP/trunk-', hex(g)), concat('PJSIP/', ext, '-', hex(g))),
       'Dial', talk + 12, talk, IF(talk > 0, 'ANSWERED', IF(mod(g, 3) = 0, 'BUSY', 'NO ANSWER')),
       concat('1764000000.', g), concat('1764000000.', g), 1, '02188880000',
       IF(talk > 0, concat('rec-', g, '.wav'), '')
FROM (
    SELECT seq AS g, mod(seq, 3) = 0 AS outgoing,
           concat('', 2000 + mod(seq, %(agents)s)) AS ext,
           concat('0912', lpad(mod(1 + {skew}, 10000000), 7, '0')) AS number,
           IF(mod(seq, 10) < 7, 5 + mod(seq * 13, 600), 0) AS talk,
           TIMESTAMP('2025-12-01 08:00:00') + INTERVAL (seq DIV %(per_day)s) DAY
               + INTERVAL mod(seq * 7, %(workday)s) SECOND AS calldate
    FROM seq_1_to_{count}
) AS rows_
"""


def build_cdr(mariadb, size):
    """The CDR rows of the sync benchmark in the MariaDB ``cdr`` table (FreePBX layout), with
    numbers of the dataset's contacts and extensions of its agents. Kept between runs."""
    counts = SIZES[size]
    with mariadb.connect() as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (size varchar(2))")
        cur.execute("SELECT size FROM bench_meta")
        if cur.fetchone() == (size,):
            return False
        cur.execute("TRUNCATE cdr")
        cur.execute("DELETE FROM bench_meta")
        cur.execute(
            CDR_ROWS_SQL.format(skew=skewed_index("seq", counts["contacts"]), count=counts["cdr_rows"]),
            {"agents": counts["agents"], "per_day": max(counts["cdr_rows"] // CALL_DAYS, 1),
             "workday": WORKDAY_SECONDS})
        cur.execute("INSERT INTO bench_meta VALUES (%s)", (size,))
    return True


def _agents(env, count):
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    group = env.ref("crm_sales_base.group_agent")
    users = Users.create([
        {"name": f"کارشناس {i}", "login": f"bench_agent_{i}", "groups_id": [(6, 0, group.ids)],
         "pbx_extension": str(2000 + i)}
        for i in range(count)
    ])
    return users.ids
