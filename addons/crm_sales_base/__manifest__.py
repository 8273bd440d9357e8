{
    "name": "Sales Panel: Base",
    "summary": "Agent, marketer, supervisor and manager roles, who sees which customers, "
    "contact tiers and the Sales Panel settings",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["contacts", "crm", "sale_crm", "sale_management", "partner_firstname"],
    "external_dependencies": {"python": ["phonenumbers", "xlsxwriter"]},
    "data": [
        "security/crm_sales_base_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_sales_base_rules.xml",
        "data/crm_cooperation_type_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_cooperation_type_views.xml",
        "views/res_partner_personality_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/sales_panel_rules_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_sales_base/static/src/persian_digits.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
