from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_sales_base.lib.phone import is_mobile


class CrmCallNumberWizard(models.TransientModel):
    """Give an anonymous caller's number to an existing contact; the contact's write links
    the number's past calls."""

    _name = "crm.call.number.wizard"
    _description = "Add a caller's number to a contact"

    call_id = fields.Many2one("crm.call", required=True, ondelete="cascade")
    # Read as the user, not as superuser (a related field would be): a call one may not see
    # shows no number, even in a new wizard's onchange.
    number = fields.Char(compute="_compute_number")
    partner_id = fields.Many2one("res.partner", "Contact", required=True)
    target_field = fields.Selection(
        [("mobile", "Mobile"), ("phone", "Phone")], "Store as", required=True,
        compute="_compute_target_field", store=True, readonly=False, precompute=True,
        compute_sudo=False)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._sales_panel_check_access()
        return wizards

    def _sales_panel_check_access(self):
        """The wizard shows a call's number and changes a contact: the user must see the
        call (its record rules) and may change the contact, checked when the wizard is made
        and again when it is applied (the call may have changed hands meanwhile)."""
        if self.env.su:
            return
        self.call_id.check_access("read")
        self.partner_id.check_access("write")

    @api.depends("call_id")
    def _compute_number(self):
        for wizard in self:
            wizard.number = wizard.call_id.number_e164

    @api.depends("call_id")
    def _compute_target_field(self):
        for wizard in self:
            wizard.target_field = "mobile" if is_mobile(wizard.call_id.number_e164) else "phone"

    def action_apply(self):
        self.ensure_one()
        self.check_access("write")  # one's own wizard (record rule)
        self._sales_panel_check_access()
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
