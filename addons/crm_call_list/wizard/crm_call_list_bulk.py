from odoo import _, api, fields, models
from odoo.exceptions import UserError

ACTIONS = [
    ("assign", "Assign to an agent"),
    ("release", "Release to the pool"),
    ("category", "Change the category"),
    ("delete", "Delete"),
]


class CrmCallListBulk(models.TransientModel):
    """Managers' actions on the numbers they selected (a filtered list): assign, release,
    change category, delete. Export is the list's stock Export."""

    _name = "crm.call.list.bulk"
    _description = "Bulk action on numbers of call lists"

    number_ids = fields.Many2many("crm.call.list.number", string="Numbers")
    number_count = fields.Integer(compute="_compute_number_count")
    action = fields.Selection(ACTIONS, required=True, default="assign")
    user_id = fields.Many2one("res.users", "Agent", domain=[("share", "=", False)])
    category_id = fields.Many2one("crm.call.list.category")

    @api.depends("number_ids")
    def _compute_number_count(self):
        for wizard in self:
            wizard.number_count = len(wizard.number_ids)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["crm.call.list.number"]._call_list_check_manager()
        return super().create(vals_list)

    def action_apply(self):
        self.ensure_one()
        numbers = self.number_ids
        numbers._call_list_check_manager()
        numbers.check_access("write")
        if self.action == "assign":
            if not self.user_id:
                raise UserError(_("Choose the agent."))
            numbers._call_list_assign(self.user_id)
        elif self.action == "release":
            numbers.sudo()._call_list_release()
        elif self.action == "category":
            numbers.write({"category_id": self.category_id.id})
        elif self.action == "delete":
            numbers.unlink()
        return {"type": "ir.actions.act_window_close"}
