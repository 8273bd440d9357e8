{
    "name": "Sales Panel: Quotation Follow-up",
    "summary": "Chase every quotation until it is decided: follow-up counts, chase list, high amounts, no quotation without a task",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_voip_bridge"],
    "data": [],
    "installable": True,
}
