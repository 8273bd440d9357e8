from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


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

    @api.model_create_multi
    def create(self, vals_list):
        # A contact has one note, which the writer may not be allowed to read (an unassigned
        # contact's, a colleague's): say so instead of failing on the unique constraint.
        partner_ids = [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        existing = self.sudo().search([("partner_id", "in", partner_ids)])
        if existing:
            visible = existing.with_env(self.env)._filtered_access("read")
            if existing - visible:
                # No name in the message: the writer may not be allowed to read the contact.
                raise AccessError(_(
                    "This contact already has a personality note, which only the contact's "
                    "agent, their supervisor and users whose role gives the Contacts section at the "
                    "level “All” may read or change."))
            raise UserError(_(
                "%s already has a personality note: edit it from the contact.",
                existing[0].partner_id.display_name))
        return super().create(vals_list)

    def write(self, vals):
        # The record rules check a note before it is written, not after: moved to another
        # contact, an agent's text would land in another agent's book.
        if "partner_id" in vals and not self.env.su and any(
                note.partner_id.id != vals["partner_id"] for note in self):
            raise UserError(_("A personality note stays with its contact."))
        return super().write(vals)

    @api.model
    def _sales_panel_set(self, partner, text):
        """Write ``partner``'s note with the current user's rights: its note if there is
        one, a new one otherwise (none for an empty text)."""
        note = self.search([("partner_id", "=", partner.id)], limit=1)
        if note:
            note.note = text
        elif text:
            self.create({"partner_id": partner.id, "note": text})
