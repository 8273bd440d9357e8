{
    "name": "Sales Panel: Base",
    "summary": "Agent, marketer, supervisor and manager roles, who sees which customers, "
    "contact tiers and the Sales Panel settings",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["contacts", "crm", "sale_crm", "sale_management"],
    "data": [
        "security/crm_sales_base_groups.xml",
        "security/crm_sales_base_rules.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "installable": True,
}
