{
    "name": "Sales Panel: Agent's Plan",
    "summary": "Each agent's plan of calls, call-backs, quotations to chase and reminders, by week, month and year",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_call_list", "crm_proforma_followup", "calendar"],
    "data": [
        "security/crm_agent_plan_sections.xml",
        "security/crm_agent_plan_roles.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/mail_activity_views.xml",
        "views/calendar_event_views.xml",
        "views/sales_panel_rules_views.xml",
        "views/res_users_role_views.xml",
        "views/crm_agent_plan_menus.xml",
    ],
    "demo": [
        "demo/mail_activity_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_agent_plan/static/tests/tours/*",
        ],
    },
    "installable": True,
}
