{
    "name": "Sales Panel: Targets and Alerts",
    "summary": "Weekly and monthly targets, alert rules in the top bar, the agent's home, the manager report",
    "version": "18.0.1.4.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_proforma_followup"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/crm_alerts_rules.xml",
        "data/crm_alert_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_alert_rule_views.xml",
        "views/crm_alert_result_views.xml",
        "views/crm_sales_target_views.xml",
        "views/crm_alerts_mobile_views.xml",
        "views/agent_home_views.xml",
        "views/sales_panel_rules_views.xml",
        "views/crm_alert_report_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_alerts/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_alerts/static/tests/tours/*",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
