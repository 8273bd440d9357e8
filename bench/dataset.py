"""Dataset of a real company's shape for the benchmarks, written with bulk SQL.

The ORM would take hours at P1 size; rows are inserted with ``INSERT … SELECT`` over
``generate_series`` and every column the ORM would fill (stored computed fields,
required fields' defaults) is filled the same way, so the ORM reads the data as its own.
Sizes: S for quick runs, M for the issue targets measured at 100 000 companies, L = P1.
"""

from odoo.tools import SQL

SIZES = {
    "S": {"companies": 2_000, "contacts": 8_000, "agents": 20, "teams": 2, "calls": 50_000,
          "cdr_rows": 20_000},
    "M": {"companies": 100_000, "contacts": 300_000, "agents": 100, "teams": 5, "calls": 1_000_000,
          "cdr_rows": 200_000},
    "L": {"companies": 200_000, "contacts": 800_000, "agents": 200, "teams": 10, "calls": 5_000_000,
          "cdr_rows": 1_000_000},
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

    cr.execute("SELECT last_value + 1 FROM res_partner_id_seq")
    first_company = cr.fetchone()[0]
    _teams(env, user_ids, counts["teams"])
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
    env.invalidate_all()
    return counts


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
