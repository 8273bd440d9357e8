#!/usr/bin/env python3
"""Write the demo data XML of crm_sales_base (deterministic: same seed, same files).

    python3 tools/gen_demo.py && git diff addons/crm_sales_base/demo
"""

import random
from pathlib import Path
from xml.sax.saxutils import escape

DEMO = Path(__file__).resolve().parent.parent / "addons" / "crm_sales_base" / "demo"
FIRST = ["علی", "محمد", "رضا", "حسین", "مهدی", "امیر", "سعید", "حمید", "مجید", "نیما",
         "زهرا", "فاطمه", "مریم", "سارا", "نرگس", "لیلا", "الهام", "شیما", "مینا", "پریسا"]
LAST = ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "قاسمی", "نوری",
        "صادقی", "رحیمی", "کاظمی", "اکبری", "یزدانی", "شریفی", "طاهری", "فرهادی", "عباسی"]
COMPANY = ["فولاد", "پتروشیمی", "صنایع", "بازرگانی", "تجهیزات", "مهندسی", "پخش", "نساجی",
           "کاشی", "سیمان", "لوله", "الکترونیک"]
PLACE = ["البرز", "پارس", "آریا", "کوثر", "سپهر", "ایرانیان", "خاورمیانه", "زاگرس", "دماوند",
         "کیان", "نوین", "آسیا"]
CITIES = ["تهران", "اصفهان", "مشهد", "شیراز", "تبریز", "کرج", "قم", "اهواز", None]
TIERS = ["gold", "silver", "bronze", "none"]
COOPERATION = ["cooperation_type_none", "cooperation_type_customer", "cooperation_type_reseller",
               "cooperation_type_supplier"]
TEMPERATURES = ["hot", "normal", "junk", None, None]

USERS = [
    # xml id, name, login, extension, group
    ("user_manager", "بهرام نیک‌نام", "sp_manager", "100", "group_manager"),
    ("user_supervisor_1", "کاوه رستمی", "sp_supervisor1", "101", "group_supervisor"),
    ("user_supervisor_2", "شیرین افشار", "sp_supervisor2", "102", "group_supervisor"),
    ("user_agent_1", "علی احمدی", "sp_agent1", "111", "group_agent"),
    ("user_agent_2", "مریم کریمی", "sp_agent2", "112", "group_agent"),
    ("user_agent_3", "رضا موسوی", "sp_agent3", "113", "group_agent"),
    ("user_agent_4", "سارا جعفری", "sp_agent4", "121", "group_agent"),
    ("user_agent_5", "حمید قاسمی", "sp_agent5", "122", "group_agent"),
    ("user_agent_6", "نرگس صادقی", "sp_agent6", "123", "group_agent"),
    ("user_marketer_1", "نیما رحیمی", "sp_marketer1", "114", "group_marketer"),
    ("user_marketer_2", "الهام کاظمی", "sp_marketer2", "124", "group_marketer"),
]
TEAMS = [
    ("team_north", "تیم فروش شمال", "user_supervisor_1",
     ["user_agent_1", "user_agent_2", "user_agent_3", "user_marketer_1"]),
    ("team_south", "تیم فروش جنوب", "user_supervisor_2",
     ["user_agent_4", "user_agent_5", "user_agent_6", "user_marketer_2"]),
]
SELLERS = [u[0] for u in USERS if u[4] in ("group_agent", "group_marketer")]
TEAM_OF = {m: t[0] for t in TEAMS for m in t[3]}


def mobile(rng):
    return f"+98 9{rng.choice(['12', '13', '19', '35', '36', '01', '21'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def landline(rng):
    return f"021 {rng.randint(2000, 8999)} {rng.randint(1000, 9999)}"


def xml(body):
    return '<?xml version="1.0" encoding="utf-8"?>\n<odoo>\n' + body + "</odoo>\n"


def company_xml():
    """The demo company works in Iranian rials, which have no decimals in use (Odoo's data
    gives them two). A company of its own: Odoo's own demo data has already booked journal
    items in the main company (in dollars), whose currency can then no longer change.
    Amounts are shown in rials (the rules screen switches to tomans). The administrator may
    switch to it."""
    return xml("""    <record id="base.IRR" model="res.currency">
        <field name="active" eval="True"/>
        <field name="rounding">1.0</field>
    </record>
    <record id="demo_company" model="res.company">
        <field name="name">بازرگانی نمونهٔ پنل فروش</field>
        <field name="currency_id" ref="base.IRR"/>
        <field name="country_id" ref="base.ir"/>
        <field name="city">تهران</field>
        <field name="sales_panel_amount_unit">currency</field>
    </record>
    <record id="base.user_admin" model="res.users">
        <field name="company_ids" eval="[Command.link(ref('demo_company'))]"/>
    </record>
""")


def users_xml():
    out = []
    for xid, name, login, ext, group in USERS:
        out.append(f"""    <record id="{xid}" model="res.users">
        <field name="name">{name}</field>
        <field name="login">{login}</field>
        <field name="password">{login}</field>
        <field name="email">{login}@example.com</field>
        <field name="pbx_extension">{ext}</field>
        <field name="tz">Asia/Tehran</field>
        <field name="company_id" ref="demo_company"/>
        <field name="company_ids" eval="[Command.set([ref('demo_company')])]"/>
        <field name="groups_id" eval="[Command.set([ref('{group}')])]"/>
    </record>
""")
    for xid, name, leader, members in TEAMS:
        out.append(f"""    <record id="{xid}" model="crm.team">
        <field name="name">{name}</field>
        <field name="user_id" ref="{leader}"/>
        <field name="company_id" ref="demo_company"/>
    </record>
""")
        for member in members:
            out.append(f"""    <record id="{xid}_{member}" model="crm.team.member">
        <field name="crm_team_id" ref="{xid}"/>
        <field name="user_id" ref="{member}"/>
    </record>
""")
    return xml("".join(out))


def partners_xml(rng):
    out, partners = [], []
    for i in range(1, 61):
        xid = f"company_{i:02d}"
        owner = rng.choice(SELLERS + [None])
        tier = TIERS[i % 4]
        city = rng.choice(CITIES)
        name = f"{rng.choice(COMPANY)} {rng.choice(PLACE)} {i}"
        out.append(f"""    <record id="{xid}" model="res.partner">
        <field name="name">{escape(name)}</field>
        <field name="is_company" eval="True"/>
        <field name="tier">{tier}</field>
        <field name="cooperation_type_id" ref="{COOPERATION[i % 4]}"/>
        <field name="phone">{landline(rng)}</field>
        <field name="country_id" ref="base.ir"/>
{f'        <field name="city">{city}</field>' + chr(10) if city else ''}{f'        <field name="user_id" ref="{owner}"/>' + chr(10) if owner else ''}    </record>
""")
        partners.append((xid, owner))
    for i in range(1, 201):
        xid = f"contact_{i:03d}"
        parent = f"company_{rng.randint(1, 60):02d}" if i <= 150 else None
        owner = dict(partners)[parent] if parent else rng.choice(SELLERS + [None])
        tier = TIERS[(i * 7) % 4]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        email = f"contact{i}@example.ir" if i % 5 else None
        temperature = rng.choice(TEMPERATURES)
        out.append(f"""    <record id="{xid}" model="res.partner">
        <field name="name">{name}</field>
        <field name="tier">{tier}</field>
        <field name="cooperation_type_id" ref="{rng.choice(COOPERATION)}"/>
        <field name="mobile">{mobile(rng)}</field>
        <field name="is_key_person" eval="{bool(parent) and i % 3 == 0}"/>
{f'        <field name="temperature">{temperature}</field>' + chr(10) if temperature else ''}
        <field name="country_id" ref="base.ir"/>
{f'        <field name="parent_id" ref="{parent}"/>' + chr(10) if parent else ''}{f'        <field name="email">{email}</field>' + chr(10) if email else ''}{f'        <field name="user_id" ref="{owner}"/>' + chr(10) if owner else ''}    </record>
""")
        partners.append((xid, owner))
    return xml("".join(out)), partners


def orders_xml(rng, partners):
    out = ["""    <record id="product_supply" model="product.product">
        <field name="name">تأمین تجهیزات صنعتی</field>
        <field name="type">service</field>
        <field name="list_price">10000000</field>
        <field name="taxes_id" eval="[Command.clear()]"/>
    </record>
"""]
    states = ["draft"] * 30 + ["sent"] * 20 + ["sale"] * 20 + ["cancel"] * 10
    amounts = [5_000_000, 2_000_000_000, 300_000_000, 299_999_999, 1_000_000_000, 1_500_000_000]
    # Amounts in the tens of billions of rials, which lists must show without cutting
    # (set after the draws, so that the other orders stay as they were).
    big = {7: 45_000_000_000, 8: 12_500_000_000}
    owned = [p for p in partners if p[1]]
    to_confirm = []
    for i, state in enumerate(states, start=1):
        xid = f"order_{i:03d}"
        partner, owner = rng.choice(owned)
        amount = amounts[i - 1] if i <= len(amounts) else rng.choice(
            [rng.randint(5, 299) * 1_000_000, rng.randint(300, 999) * 1_000_000,
             rng.randint(1000, 2000) * 1_000_000])
        amount = big.get(i, amount)
        days = rng.randint(0, 60)
        out.append(f"""    <record id="{xid}" model="sale.order">
        <field name="company_id" ref="demo_company"/>
        <field name="partner_id" ref="{partner}"/>
        <field name="user_id" ref="{owner}"/>
        <field name="team_id" ref="{TEAM_OF[owner]}"/>
        <field name="date_order" eval="(DateTime.today() - relativedelta(days={days})).strftime('%Y-%m-%d %H:%M')"/>
        <field name="order_line" eval="[Command.create({{'product_id': ref('product_supply'), 'product_uom_qty': 1, 'price_unit': {amount}, 'tax_id': [Command.clear()]}})]"/>
{'' if state in ('draft', 'sale') else f'        <field name="state">{state}</field>' + chr(10)}    </record>
""")
        if state == "sale":
            to_confirm.append(xid)
    refs = ", ".join(f"ref('{x}')" for x in to_confirm)
    out.append(f"""    <function model="sale.order" name="action_confirm" eval="[[{refs}]]"/>
""")
    return xml("".join(out))


def main():
    rng = random.Random(18)
    (DEMO / "res_company_currency_demo.xml").write_text(company_xml(), encoding="utf-8")
    (DEMO / "res_users_demo.xml").write_text(users_xml(), encoding="utf-8")
    partners, owners = partners_xml(rng)
    (DEMO / "res_partner_demo.xml").write_text(partners, encoding="utf-8")
    (DEMO / "sale_order_demo.xml").write_text(orders_xml(rng, owners), encoding="utf-8")


if __name__ == "__main__":
    main()
