{
    "name": "Sales Panel: Call Lists",
    "summary": "Call lists for outbound campaigns: import, next call, outcomes, call-backs, statistics",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_voip_bridge", "base_import"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_call_list_rules.xml",
        "data/crm_call_list_outcome_data.xml",
        "data/ir_cron_data.xml",
        "wizard/crm_call_list_outcome_wizard_views.xml",
        "wizard/crm_call_list_bulk_views.xml",
        "views/crm_call_list_views.xml",
        "views/crm_call_list_number_views.xml",
        "views/crm_call_list_stats_views.xml",
        "views/sales_panel_rules_views.xml",
        "views/crm_call_list_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_call_list/static/src/*",
        ],
        "web.assets_tests": [
            "crm_call_list/static/tests/tours/*",
        ],
    },
    "installable": True,
}
