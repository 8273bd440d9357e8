from odoo import _, api, fields, models


class CrmCallList(models.Model):
    """A list of numbers to call (a campaign): imported from a file, handed out to the
    agents of its team."""

    _name = "crm.call.list"
    _inherit = ["mail.thread"]
    _description = "Call list"
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    team_id = fields.Many2one(
        "crm.team", "Sales Team", index=True, tracking=True,
        help="Its members take the list's numbers and its leader manages it; without a team, every agent "
             "of the company calls it.")
    category_id = fields.Many2one("crm.call.list.category", "Default category")
    description = fields.Text()
    number_ids = fields.One2many("crm.call.list.number", "list_id", "Numbers")
    number_count = fields.Integer("Number count", compute="_compute_counts")
    open_count = fields.Integer("To call", compute="_compute_counts")
    callback_count = fields.Integer("Call-backs", compute="_compute_counts")
    done_count = fields.Integer("Done", compute="_compute_counts")
    duplicate_count = fields.Integer("Duplicates", compute="_compute_counts")

    @api.depends("number_ids.state")
    def _compute_counts(self):
        counts = {(list_.id, state): count for list_, state, count in self.env["crm.call.list.number"]._read_group(
            [("list_id", "in", self.ids)], ["list_id", "state"], ["__count"])}
        for call_list in self:
            get = lambda state, list_id=call_list.id: counts.get((list_id, state), 0)  # noqa: E731
            call_list.open_count = get("open")
            call_list.callback_count = get("callback")
            call_list.done_count = get("done")
            call_list.duplicate_count = get("duplicate")
            call_list.number_count = sum(get(state) for state in ("open", "callback", "done", "duplicate"))

    def action_import_numbers(self):
        """base_import's screen on the list's numbers (encoding, separator, columns, preview)."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.client",
            "tag": "import",
            "name": _("Import numbers into %(list)s", list=self.name),
            "params": {"model": "crm.call.list.number", "context": {"default_list_id": self.id}},
            "context": {"default_list_id": self.id},
        }

    def action_open_numbers(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_call_list.action_call_list_number")
        action.update(domain=[("list_id", "=", self.id)],
                      context={"default_list_id": self.id, "search_default_group_state": 1})
        return action
