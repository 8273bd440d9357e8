from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_sales_base.lib.phone import is_mobile


class CrmCallNumberWizard(models.TransientModel):
    """Give an anonymous caller's number to an existing contact; the contact's write links
    the number's past calls."""

    _name = "crm.call.number.wizard"
    _description = "Add a caller's number to a contact"

    call_id = fields.Many2one("crm.call", required=True, ondelete="cascade")
    number = fields.Char(related="call_id.number_e164")
    partner_id = fields.Many2one("res.partner", "Contact", required=True)
    target_field = fields.Selection(
        [("mobile", "Mobile"), ("phone", "Phone")], "Store as", required=True,
        compute="_compute_target_field", store=True, readonly=False, precompute=True)

    @api.depends("call_id")
    def _compute_target_field(self):
        for wizard in self:
            wizard.target_field = "mobile" if is_mobile(wizard.call_id.number_e164) else "phone"

    def action_apply(self):
        self.ensure_one()
        if not self.number:
            raise UserError(_("This call has no number to add."))
        current = self.partner_id[self.target_field]
        if current and self.partner_id[f"{self.target_field}_e164"] != self.number:
            raise UserError(_(
                "%(contact)s already has the %(field)s %(number)s: choose the other field or "
                "another contact.", contact=self.partner_id.display_name,
                field=self._fields["target_field"].convert_to_export(self.target_field, self),
                number=current))
        self.partner_id.write({self.target_field: self.number})
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
