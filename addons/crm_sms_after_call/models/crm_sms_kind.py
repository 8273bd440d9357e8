from odoo import api, fields, models

from odoo.addons.crm_sales_base.lib import templates

from ..lib import segments

# Precedence, highest first: a call gets the first kind that applies to its contact.
KINDS = [
    ("quotation_sent", "Quotation sent"),
    ("new_customer", "Became a customer"),
    ("gold", "Gold"),
    ("silver", "Silver"),
    ("bronze", "Bronze"),
]
PLACEHOLDERS = ("name", "agent", "company", "quotation", "amount", "tier", "date", "quotation_date")
# Values of about the usual length, to show how many parts a template takes.
SAMPLE = {"name": "محمدرضا احمدی‌نژاد", "agent": "سارا کریمی", "quotation": "S00042",
          "amount": "۱۲۵٬۰۰۰٬۰۰۰ ریال", "tier": "طلایی", "date": "1405/09/10", "quotation_date": "1405/09/10"}


class CrmSmsKind(models.Model):
    """One of the five SMS a contact may get after a call, with its text and rules."""

    _name = "crm.sms.kind"
    _inherit = ["sales.panel.placeholder.mixin", "mail.thread"]
    _description = "SMS after a call: kind"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, tracking=True)
    sequence = fields.Integer(default=10, help="Order of the list; the precedence is fixed.")
    enabled = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use this text in every company without its own.", tracking=True)
    body = fields.Text(
        "Text", required=True, translate=True,
        help="Placeholders: {name} (contact), {agent}, {company}, {quotation} (number), "
        "{amount} (quotation total), {tier}, {date} (day of the call), {quotation_date}; "
        "dates in the company's calendar.", tracking=True)
    delay_minutes = fields.Integer("Delay after the call (minutes)", default=5, tracking=True)
    min_days_between = fields.Integer(
        "At most once per contact every (days)", default=30,
        help="A contact gets this kind again only when its last one is older than this.", tracking=True)
    body_length = fields.Integer("Characters", compute="_compute_body_parts")
    body_encoding = fields.Char("Encoding", compute="_compute_body_parts")
    body_parts = fields.Integer(
        "SMS parts", compute="_compute_body_parts",
        help="Parts the text takes with placeholders of a usual length (UCS-2 for Persian: 70 "
        "characters alone, 67 per part beyond; GSM-7: 160, then 153).")

    _sql_constraints = [
        ("kind_company_uniq", "unique(kind, company_id)", "Each kind has one text per company."),
        ("delay_positive", "CHECK(delay_minutes >= 0)", "The delay cannot be negative."),
        ("days_positive", "CHECK(min_days_between >= 0)", "The number of days cannot be negative."),
    ]

    @api.depends("body", "company_id")
    def _compute_body_parts(self):
        for kind in self:
            text = kind._render({**SAMPLE, "company": (kind.company_id or self.env.company).name})
            parts = segments.count(text)
            kind.body_length, kind.body_encoding, kind.body_parts = parts.length, parts.encoding, parts.parts

    @api.constrains("body")
    def _check_body(self):
        self._sales_panel_check_placeholders("body", PLACEHOLDERS)

    def _render(self, values):
        self.ensure_one()
        return templates.render(self.body, values)

    @api.model
    def _for_company(self, company):
        """{kind: record} of the company, its own texts over the shared ones."""
        result = {}
        for record in self.search([("company_id", "in", [company.id, False])], order="company_id"):
            if record.kind not in result or record.company_id:
                result[record.kind] = record
        return result
