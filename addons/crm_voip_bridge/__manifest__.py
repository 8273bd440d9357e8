{
    "name": "Sales Panel: Asterisk Bridge",
    "summary": "Calls of the Asterisk PBX in Odoo: call records, CDR sync, recordings, click-to-call",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_sales_base"],
    "external_dependencies": {"python": ["PyMySQL"]},
    "data": [
        "security/ir.model.access.csv",
        "security/crm_voip_bridge_rules.xml",
        "data/ir_cron_data.xml",
        "views/crm_call_views.xml",
        "views/crm_cdr_source_views.xml",
        "views/crm_pbx_server_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_call_number_wizard_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "data/mail_activity_type_data.xml",
        "views/crm_call_next_step_views.xml",
        "views/mail_activity_views.xml",
    ],
    "demo": [
        "demo/crm_cdr_source_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_voip_bridge/static/src/call_player/*",
        ],
        "web.assets_tests": [
            "crm_voip_bridge/static/tests/tours/*",
        ],
    },
    "installable": True,
}
