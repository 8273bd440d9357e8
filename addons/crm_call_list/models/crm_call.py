from odoo import fields, models


class CrmCall(models.Model):
    _inherit = "crm.call"

    call_list_attempt_ids = fields.One2many("crm.call.list.attempt", "call_id", "Calls of call lists")

    def _sales_panel_on_call_ended(self):
        """A call of an agent to a number they hold in a call list (clicked on the number,
        or dialled by hand): counted as a call of the number; the agent gives it its outcome."""
        result = super()._sales_panel_on_call_ended()
        if not self:
            return result
        # One query for the set: the CDR sync ends thousands of calls per batch.
        calls = self.sudo().search([
            ("id", "in", self.ids), ("direction", "=", "outgoing"), ("user_id", "!=", False),
            ("number_e164", "!=", False), ("call_list_attempt_ids", "=", False)])
        if not calls:
            return result
        Number = self.env["crm.call.list.number"].sudo()
        clicked = {request.call_id.id: request.res_id for request in self.env["crm.pbx.originate"].sudo().search(
            [("call_id", "in", calls.ids), ("res_model", "=", Number._name)])}
        held = {}
        for number in Number.search([("user_id", "in", calls.user_id.ids), ("state", "in", ("open", "callback")),
                                     ("number_e164", "in", list(set(calls.mapped("number_e164"))))]):
            held.setdefault((number.user_id, number.number_e164), number)
        if not (held or clicked):
            return result
        values = []
        for call in calls:
            number = Number.browse(clicked[call.id]).exists() if call.id in clicked else Number
            if not number or number.user_id != call.user_id:
                number = held.get((call.user_id, call.number_e164), Number)
            if number:
                values.append({"number_id": number.id, "user_id": call.user_id.id, "call_id": call.id,
                               "team_id": call.team_id.id, "date": call.start_date})
        self.env["crm.call.list.attempt"].sudo().create(values)
        return result
