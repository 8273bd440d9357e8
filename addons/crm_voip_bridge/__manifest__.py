{
    "name": "Sales Panel: Asterisk Bridge",
    "summary": "Calls of the Asterisk PBX in Odoo: call records, CDR sync, recordings, click-to-call",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-panel/sales-panel",
    "author": "Sales Panel",
    "license": "LGPL-3",
    "depends": ["crm_sales_base"],
    "data": [],
    "installable": True,
}
