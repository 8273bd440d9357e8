from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmCallListOutcome(models.Model):
    """What became of a call to a number of a call list, as the managers define them."""

    _name = "crm.call.list.outcome"
    _description = "Call list outcome"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    reached = fields.Boolean(
        "Person reached", default=True,
        help="The call reached the person (counted as reached in the statistics).")
    needs_date = fields.Boolean(
        "Call later", help="The agent gives a date and time: a call-back is planned on the agent's plan and "
                           "the number comes back to the agent then.")
    closes_number = fields.Boolean(
        "Closes the number", help="The number is not called again (done, wrong number, not interested).")
    makes_customer = fields.Boolean(
        "Makes a customer", help="The number becomes a contact (or its contact is kept) and is closed.")

    @api.constrains("needs_date", "closes_number", "makes_customer")
    def _check_flags(self):
        for outcome in self:
            if outcome.needs_date and (outcome.closes_number or outcome.makes_customer):
                raise ValidationError(_("%(name)s: an outcome that calls later cannot close the number.",
                                        name=outcome.name))
