{
    "name": "Sales Panel: Agent Scoring",
    "summary": "Score agents on calls, talk time and sales; hand out new leads by score",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_proforma_followup"],
    "data": [],
    "installable": True,
}
