from odoo import api, fields, models

EXTENSION_STATES = [
    ("idle", "Idle"),
    ("ringing", "Ringing"),
    ("in_use", "In use"),
    ("unavailable", "Unavailable"),
    ("unknown", "Unknown"),
]


class CrmPbxExtension(models.Model):
    """An extension of the company's PBX as the live-call service last saw it, and the user
    it belongs to (res.users' PBX extension): for routing and supervisors."""

    _name = "crm.pbx.extension"
    _description = "PBX extension"
    _order = "company_id, name"

    name = fields.Char("Extension", required=True, readonly=True)
    server_id = fields.Many2one("crm.pbx.server", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one(related="server_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", readonly=True, index="btree_not_null", ondelete="set null",
        help="The user of the PBX's company with this extension; empty when nobody has it.")
    state = fields.Selection(EXTENSION_STATES, required=True, default="unknown", readonly=True)
    state_date = fields.Datetime("State since", readonly=True)

    _sql_constraints = [
        ("server_name_uniq", "unique(server_id, name)", "An extension is listed once per PBX."),
    ]

    @api.model
    def _sales_panel_users(self, company):
        """{extension: user} of the company's users (as the CDR sync maps them: the
        company's own users, crm.call._sales_panel_agents). An extension two users hold
        (possible only without the database's constraint, e.g. an import) maps to nobody:
        a call must never pop on the wrong person's screen."""
        users = self.env["res.users"].sudo().search(
            [("pbx_extension", "!=", False), ("company_id", "=", company.id)])
        mapping = {}
        for extension, holders in users.grouped(lambda u: u.pbx_extension.strip()).items():
            mapping[extension] = holders if len(holders) == 1 else holders.browse()
        return mapping

    def _sales_panel_map_users(self):
        """Set user_id from the users' extensions (after a user's extension changed)."""
        for company, extensions in self.sudo().grouped("company_id").items():
            users = self._sales_panel_users(company)
            for extension in extensions:
                user = users.get(extension.name, self.env["res.users"])
                if extension.user_id != user:
                    extension.user_id = user

    @api.model
    def _sales_panel_set_states(self, server, states, when):
        """Store the extensions' states ({extension: state}) the service saw on ``server``
        at ``when``; extensions not listed yet are created, mapped to their user."""
        Extension = self.sudo()
        known = {ext.name: ext for ext in Extension.search([("server_id", "=", server.id),
                                                            ("name", "in", list(states))])}
        users = None
        new, changed = [], {}
        for name, state in states.items():
            extension = known.get(name)
            if extension is None:
                users = users if users is not None else self._sales_panel_users(server.company_id)
                new.append({"name": name, "server_id": server.id, "state": state, "state_date": when,
                            "user_id": users.get(name, self.env["res.users"]).id})
            elif extension.state != state:
                changed[state] = changed.get(state, Extension) | extension
        if new:
            Extension.create(new)
        # One write per state, not per extension: a burst of calls moves many at once.
        for state, extensions in changed.items():
            extensions.write({"state": state, "state_date": when})
