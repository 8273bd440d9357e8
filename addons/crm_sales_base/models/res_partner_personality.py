from odoo import api, fields, models


class ResPartnerPersonality(models.Model):
    """The personality note of a contact (F27), kept apart from res.partner so that its
    record rules, not the contact's, decide who reads it: the contact's agent, that agent's
    supervisor and managers."""

    _name = "res.partner.personality"
    _description = "Personality note"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(
        "res.users", compute="_compute_user_id", store=True, index=True,
        string="Agent", help="The contact's salesperson, or its company's.",
    )
    note = fields.Text()

    _sql_constraints = [("partner_uniq", "unique(partner_id)", "A contact has one personality note.")]

    @api.depends("partner_id.user_id", "partner_id.commercial_partner_id.user_id")
    def _compute_user_id(self):
        for record in self:
            partner = record.partner_id
            record.user_id = partner.user_id or partner.commercial_partner_id.user_id
