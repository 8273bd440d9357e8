{
    "name": "Sales Panel: Agent Scoring",
    "summary": "Score agents on calls, talk time and sales; hand out new leads by score",
    "version": "18.0.1.3.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_proforma_followup"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_agent_scoring_rules.xml",
        "data/ir_cron_data.xml",
        "views/crm_agent_score_parameter_views.xml",
        "views/crm_agent_score_rating_views.xml",
        "views/crm_agent_score_views.xml",
        "views/crm_team_views.xml",
    ],
    "demo": [
        "demo/crm_agent_score_demo.xml",
    ],
    "installable": True,
}
