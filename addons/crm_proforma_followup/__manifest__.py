{
    "name": "Sales Panel: Quotation Follow-up",
    "summary": "Chase every quotation until it is decided: follow-up counts, chase list, high amounts, no quotation without a task",
    "version": "18.0.1.4.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_voip_bridge"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_proforma_followup_rules.xml",
        "views/sale_order_views.xml",
        "views/sale_order_mobile_views.xml",
        "views/sales_panel_rules_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_proforma_followup/static/src/task_guard/*",
        ],
        "web.assets_tests": [
            "crm_proforma_followup/static/tests/tours/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
