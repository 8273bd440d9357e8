"""The database the test command built: the whole suite, demo data and Persian."""

SUITE = ["crm_sales_base", "crm_voip_bridge", "crm_proforma_followup", "crm_agent_scoring",
         "crm_alerts", "crm_sms_after_call", "crm_call_list",
         "crm_agent_plan"]


def test_all_six_installed_with_persian(odoo_env):
    modules = odoo_env["ir.module.module"].search([("name", "in", SUITE)])
    assert sorted(modules.mapped("name")) == sorted(SUITE)
    assert set(modules.mapped("state")) == {"installed"}
    assert odoo_env["res.lang"]._lang_get("fa_IR").active


def test_no_enterprise_module_installed(odoo_env):
    licenses = set(odoo_env["ir.module.module"].search([("state", "=", "installed")]).mapped("license"))
    assert not licenses & {"OEEL-1", "OPL-1"}, licenses


def test_demo_data_has_the_promised_shape(odoo_env):
    ref = odoo_env.ref
    group = lambda x: ref(f"crm_sales_base.group_{x}")  # noqa: E731
    demo = odoo_env["res.users"].search([("login", "=like", "sp\\_%")])
    assert len(demo.filtered(lambda u: group("manager") in u.groups_id)) == 1
    supervisors = demo.filtered(lambda u: group("supervisor") in u.groups_id
                                and group("manager") not in u.groups_id)
    assert len(supervisors) == 2
    assert len(odoo_env["crm.team"].search([("user_id", "in", supervisors.ids)])) == 2
    sellers = demo.filtered(lambda u: (group("agent") in u.groups_id or group("marketer") in u.groups_id)
                            and group("supervisor") not in u.groups_id)
    assert len(sellers) == 8
    assert len(sellers.filtered(lambda u: group("marketer") in u.groups_id)) == 2
    assert all(u.pbx_extension for u in demo)

    Partner = odoo_env["res.partner"]
    companies = Partner.search([("id", "in", _demo_ids(odoo_env, "res.partner")), ("is_company", "=", True)])
    contacts = Partner.search([("id", "in", _demo_ids(odoo_env, "res.partner")), ("is_company", "=", False)])
    assert len(companies) == 60 and len(contacts) == 200
    assert set((companies | contacts).mapped("tier")) == {"gold", "silver", "bronze", "none"}
    assert any("\u0600" <= ch <= "\u06ff" for ch in contacts[0].name)

    orders = odoo_env["sale.order"].browse(_demo_ids(odoo_env, "sale.order"))
    assert len(orders) == 80
    assert set(orders.mapped("state")) == {"draft", "sent", "sale", "cancel"}
    amounts = orders.mapped("amount_total")
    # Amounts in rials up to the tens of billions (issue 19: columns must not cut them).
    assert min(amounts) == 5_000_000 and max(amounts) == 45_000_000_000
    assert any(a >= 1_000_000_000 for a in amounts)
    assert any(300_000_000 <= a < 1_000_000_000 for a in amounts)


def _demo_ids(env, model):
    """Demo records of crm_sales_base (not the partners that come with demo users)."""
    data = env["ir.model.data"].search([("module", "=", "crm_sales_base"), ("model", "=", model)])
    return data.filtered(lambda d: d.name.startswith(("company_", "contact_", "order_"))).mapped("res_id")
