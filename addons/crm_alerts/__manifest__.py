{
    "name": "Sales Panel: Targets and Alerts",
    "summary": "Weekly and monthly targets, alert rules in the top bar, the agent's home",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_proforma_followup"],
    "data": [],
    "installable": True,
}
