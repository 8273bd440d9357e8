from odoo import api, fields, models


class CrmCallListOutcomeWizard(models.TransientModel):
    """The agent says what became of the call (after a call through the PBX, or dialled by hand)."""

    _name = "crm.call.list.outcome.wizard"
    _description = "Outcome of a call to a number of a call list"
    # An outcome of the number's company only (or shared): one given by id over RPC from
    # another company is refused by Odoo's company check.
    _check_company_auto = True

    number_id = fields.Many2one("crm.call.list.number", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="number_id.company_id")
    outcome_id = fields.Many2one("crm.call.list.outcome", required=True, check_company=True)
    needs_date = fields.Boolean(related="outcome_id.needs_date")
    callback_date = fields.Datetime("Call back at")
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.number_id._call_list_check_own()
        return wizards

    def action_confirm(self):
        self.ensure_one()
        self.number_id._call_list_check_own()
        self.number_id._call_list_set_outcome(self.outcome_id, self.callback_date, self.note)
        return {"type": "ir.actions.act_window_close"}
