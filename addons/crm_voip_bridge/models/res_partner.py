from odoo import api, fields, models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    call_ids = fields.One2many("crm.call", "partner_id", "Calls")
    call_count = fields.Integer(compute="_compute_call_count")

    def _compute_call_count(self):
        counts = dict(self.env["crm.call"]._read_group(
            [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.call_count = sum(
                count for p, count in counts.items()
                if p == partner or p.commercial_partner_id == partner
            )

    @api.model
    def _sales_panel_match_numbers(self, numbers, company):
        """{E.164 number: contact} for the numbers that belong to a contact, through the
        indexed phone_e164 / mobile_e164 columns (index look-ups, never a scan). When two
        contacts share a number, the one with a salesperson wins, then the oldest."""
        if not numbers:
            return {}
        numbers = list(numbers)
        partners = self.sudo().search(
            expression.AND([
                ["|", ("phone_e164", "in", numbers), ("mobile_e164", "in", numbers)],
                [("company_id", "in", (company.id, False))],
            ]),
            order="user_id nulls last, id",
        )
        result = {}
        for partner in partners:
            for number in (partner.phone_e164, partner.mobile_e164):
                if number in numbers:
                    result.setdefault(number, partner)
        return result

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_voip_bridge.crm_call_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
