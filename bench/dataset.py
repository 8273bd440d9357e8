"""Dataset of a real company's shape for the benchmarks, written with bulk SQL.

The ORM would take hours at P1 size; rows are inserted with ``INSERT … SELECT`` over
``generate_series`` and every column the ORM would fill (stored computed fields,
required fields' defaults) is filled the same way, so the ORM reads the data as its own.
Sizes: S for quick runs, M for the issue targets measured at 100 000 companies, L = P1.
"""

from odoo.tools import SQL

SIZES = {
    "S": {"companies": 2_000, "contacts": 8_000, "agents": 20},
    "M": {"companies": 100_000, "contacts": 300_000, "agents": 100},
    "L": {"companies": 200_000, "contacts": 800_000, "agents": 200},
}
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
    env.invalidate_all()
    return counts


def _agents(env, count):
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    group = env.ref("crm_sales_base.group_agent")
    users = Users.create([
        {"name": f"کارشناس {i}", "login": f"bench_agent_{i}", "groups_id": [(6, 0, group.ids)],
         "pbx_extension": str(2000 + i)}
        for i in range(count)
    ])
    return users.ids
