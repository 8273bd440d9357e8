{
    "name": "Sales Panel: SMS After Call",
    "summary": "Send the right SMS after a call through the company's own gateway",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_voip_bridge", "sms"],
    "data": [],
    "installable": True,
}
