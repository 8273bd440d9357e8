from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

SECTION_PREFIX = "sales_panel_section_"
LEVELS = {
    "off": "Off",
    "on": "On",
    "own": "Own",
    "team": "My teams",
    "all": "All",
}
# What a Sales Panel manager may set on a role; the rest (groups, category, rules) is for
# those who manage access rights (Settings / Access Rights).
MANAGER_FIELDS = {"name", "sequence", "comment", "line_ids"}
# What a Sales Panel manager sets on a role's line: who holds it, and when.
MANAGER_LINE_FIELDS = {"user_id", "date_from", "date_to"}


def section_field(group_xmlid, string, levels=("own", "team", "all")):
    """A column of the roles screen: the level at which a role gives the section whose base
    group is ``group_xmlid``. The first level is that group itself, each other level the
    group of the same id suffixed with ``_<level>``, implying the level below.

    Another addon adds a section with its groups and one such field on ``res.users.role``
    (see readme/CONFIGURE.md)."""
    return fields.Selection(
        [("off", LEVELS["off"])] + [(level, LEVELS[level]) for level in levels],
        string=string, compute="_compute_sales_panel_sections",
        inverse="_inverse_sales_panel_sections", sales_panel_section=group_xmlid,
    )


class ResUsersRole(models.Model):
    _inherit = "res.users.role"

    sales_panel_section_calls = section_field(
        "crm_sales_base.group_section_calls", "Calls and recordings")
    sales_panel_section_call_journal = section_field(
        "crm_sales_base.group_section_call_journal", "Call journal", levels=("on",))
    sales_panel_section_quotations = section_field(
        "crm_sales_base.group_section_quotations", "Quotations")
    sales_panel_section_alerts = section_field(
        "crm_sales_base.group_section_alerts", "Alerts and targets")
    sales_panel_section_report = section_field(
        "crm_sales_base.group_section_report", "Manager report", levels=("team", "all"))
    sales_panel_section_sms = section_field("crm_sales_base.group_section_sms", "SMS")
    sales_panel_section_key_people = section_field(
        "crm_sales_base.group_section_key_people", "Key-people export", levels=("on",))
    sales_panel_section_scores = section_field("crm_sales_base.group_section_scores", "Scores")
    sales_panel_section_supervisor = section_field(
        "crm_sales_base.group_section_supervisor", "Supervisor tools", levels=("on",))
    sales_panel_section_contacts = section_field(
        "crm_sales_base.group_section_contacts", "Contacts")
    sales_panel_user_count = fields.Integer(
        "People", compute="_compute_sales_panel_user_count",
        help="Active users who have this role, from a role line or from its group.")

    def _valid_field_parameter(self, field, name):
        return name == "sales_panel_section" or super()._valid_field_parameter(field, name)

    @api.model
    def _sales_panel_sections(self):
        """{field name: [(level, group), ...]} of every section column, lowest level first
        (levels whose group is not installed left out)."""
        sections = {}
        for name, field in self._fields.items():
            xmlid = getattr(field, "sales_panel_section", None)
            if not xmlid:
                continue
            levels = []
            for index, (level, _label) in enumerate(field.selection[1:]):
                group = self.env.ref(xmlid if not index else f"{xmlid}_{level}", False)
                if group:
                    levels.append((level, group.sudo()))
            sections[name] = levels
        return sections

    def _sales_panel_levels(self, sections=None):
        """The level of each section this role gives now, read from its group's implied
        groups (directly or through other groups)."""
        self.ensure_one()
        sections = sections or self._sales_panel_sections()
        group = self.sudo().group_id
        closure = group | group.trans_implied_ids
        levels = {}
        for name, section_levels in sections.items():
            levels[name] = "off"
            for level, level_group in section_levels:
                if level_group in closure:
                    levels[name] = level
        return levels

    @api.depends("implied_ids")
    def _compute_sales_panel_sections(self):
        sections = self._sales_panel_sections()
        for role in self:
            if not role.group_id:
                role.update(dict.fromkeys(sections, "off"))
                continue
            role.update(role._sales_panel_levels(sections))

    def _inverse_sales_panel_sections(self):
        sections = self._sales_panel_sections()
        contacts = self.env.ref("crm_sales_base.group_section_contacts")
        section_groups = self.env["res.groups"].sudo().browse(
            [group.id for levels in sections.values() for _level, group in levels])
        for role in self:
            group = role.sudo().group_id
            current = role._sales_panel_levels(sections)
            # The columns not written read False here (Odoo protects the fields of one
            # compute method while inverting one of them): they are left as they are.
            changed = {name: role[name] for name in sections if role[name] and role[name] != current[name]}
            if not changed:
                continue
            before = group | group.trans_implied_ids
            commands = []
            for name, wanted in changed.items():
                by_level = dict(sections[name])
                commands += [Command.unlink(g.id) for g in by_level.values() if g in group.implied_ids]
                if wanted != "off":
                    commands.append(Command.link(by_level[wanted].id))
            group.write({"implied_ids": commands})
            now = role._sales_panel_levels(sections)
            for name, wanted in changed.items():
                if now[name] != wanted:
                    givers = group.implied_ids.filtered(
                        lambda g, n=name: any(lg in g.trans_implied_ids for _l, lg in sections[n]))
                    raise UserError(_(
                        "%(role)s takes %(section)s from %(givers)s: change it there.",
                        role=group.name, section=self._fields[name].string,
                        givers=", ".join(givers.mapped("name"))))
            after = group | group.trans_implied_ids
            if after & section_groups and contacts not in after:
                raise UserError(_(
                    "Every role that opens a section of the Sales Panel sees at least its own "
                    "contacts: %(role)s cannot have Contacts off.", role=group.name))
            role._sales_panel_apply(before - after)

    def _sales_panel_apply(self, removed):
        """Give the role's new access to its users at once. base_user_role replaces the
        groups of the users who hold the role (or a role containing it) through role lines;
        the users who only have the role's group (everyone before roles existed) lose the
        groups the role no longer implies, unless another of their groups still does."""
        self.ensure_one()
        group = self.sudo().group_id
        roles = self.sudo().search([]).filtered(
            lambda r: r == self or group in r.group_id.trans_implied_ids)
        roles.update_users()
        members = group.with_context(active_test=False).users.filtered(lambda u: not u.role_line_ids)
        if removed and members:
            removed.write({"users": [Command.unlink(user.id) for user in members]})
            for user in members:
                # Writing any group re-adds every group the user's groups still imply.
                user.write({"groups_id": [Command.link(g.id) for g in user.groups_id[:1]]})

    @api.depends("group_id.users", "line_ids.user_id")
    def _compute_sales_panel_user_count(self):
        for role in self:
            role.sales_panel_user_count = len(role.sudo().group_id.users.filtered("active"))

    # Managers of the Sales Panel keep its roles without the right to manage access: they
    # may name roles, switch their sections and give them to people, nothing else, and only
    # on roles made of the suite's groups.

    def _sales_panel_restricted(self):
        return (not self.env.su and not self.env.user.has_group("base.group_erp_manager")
                and self.env.user.has_group("crm_sales_base.group_manager"))

    @api.model
    def _sales_panel_grantable_groups(self):
        """The groups a Sales Panel manager may put in a role: the suite's roles and
        sections and what they imply."""
        Groups = self.env["res.groups"].sudo()
        suite = Groups.search([("category_id", "in", [
            self.env.ref("crm_sales_base.module_category_sales_panel").id,
            self.env.ref("crm_sales_base.module_category_sales_panel_sections").id,
        ])])
        return suite | suite.trans_implied_ids

    def _sales_panel_check_grantable(self):
        allowed = self._sales_panel_grantable_groups()
        for role in self.sudo():
            extra = role.group_id.trans_implied_ids - allowed
            if extra:
                raise AccessError(_(
                    "%(role)s gives %(groups)s, which only administrators give: ask one to "
                    "change it.", role=role.name, groups=", ".join(extra.mapped("full_name"))))

    @api.model
    def _sales_panel_check_vals(self, vals, roles=None):
        sections = set(self._sales_panel_sections())
        extra = set(vals) - MANAGER_FIELDS - sections
        if extra:
            raise AccessError(_("Sales Panel managers set the name, the sections and the people "
                                "of a role, not %(fields)s.", fields=", ".join(sorted(extra))))
        lines = self.env["res.users.role.line"].sudo()
        users = self.env["res.users"]
        for command in vals.get("line_ids") or ():
            if command[0] in (Command.CREATE, Command.UPDATE) and set(command[2]) - MANAGER_LINE_FIELDS:
                # Not the role of a line (moving it to a role an administrator made).
                raise AccessError(_("Sales Panel managers set who holds a role and when, not %(fields)s.",
                                    fields=", ".join(sorted(set(command[2]) - MANAGER_LINE_FIELDS))))
            if command[0] == Command.CREATE:
                users |= users.browse(command[2].get("user_id"))
            elif command[0] == Command.UPDATE:
                line = lines.browse(command[1])
                if not roles or line.role_id not in roles:
                    raise AccessError(_("This line belongs to another role."))
                users |= users.browse(command[2].get("user_id") or line.user_id.id)
            elif command[0] in (Command.DELETE, Command.UNLINK):
                line = lines.browse(command[1])
                if not roles or line.role_id not in roles:
                    raise AccessError(_("This line belongs to another role."))
                if not (line.user_id.role_line_ids - line):
                    # base_user_role would leave them without any group (not even internal user).
                    raise AccessError(_("%(user)s would be left without any role: give them another "
                                        "role first.", user=line.user_id.name))
            else:
                raise AccessError(_("Add people to a role one by one."))
        users = users.sudo()
        if users.filtered(lambda u: u.share or u.has_group("base.group_erp_manager")):
            raise AccessError(_("Roles are given here to internal users who do not manage access "
                                "rights: an administrator gives them to the others."))
        # base_user_role replaces the groups of whoever holds a role: a manager of the Sales
        # Panel only gives roles to people of their companies whose access is the Sales
        # Panel's (plus what every internal user gets), never an accountant's or a
        # warehouse clerk's.
        mine = self.env.user.company_ids
        kept = self._sales_panel_grantable_groups() | self._sales_panel_internal_groups()
        for user in users:
            others = user.groups_id - kept
            if others or not (user.company_ids & mine):
                raise AccessError(_(
                    "%(user)s has access beyond the Sales Panel (%(groups)s) or works in other "
                    "companies: an administrator gives them roles.",
                    user=user.name, groups=", ".join(others.mapped("full_name")) or "-"))

    @api.model
    def _sales_panel_internal_groups(self):
        """What every internal user has: the internal user group, the groups of the default
        user template, what they imply, and the groups users set themselves."""
        Groups = self.env["res.groups"].sudo()
        base = self.env.ref("base.group_user").sudo()
        template = self.env.ref("base.default_user", raise_if_not_found=False)
        base |= template.sudo().groups_id if template else Groups
        return base | base.trans_implied_ids | self.env["res.users"].sudo()._get_self_writable_groups()

    @api.model_create_multi
    def create(self, vals_list):
        if not self._sales_panel_restricted():
            return super().create(vals_list)
        for vals in vals_list:
            self._sales_panel_check_vals(vals)
        roles = super(ResUsersRole, self.sudo()).create(vals_list)
        roles._sales_panel_check_grantable()
        return roles.with_env(self.env)

    def write(self, vals):
        if not self._sales_panel_restricted():
            return super().write(vals)
        self._sales_panel_check_vals(vals, self)
        self._sales_panel_check_grantable()
        res = super(ResUsersRole, self.sudo()).write(vals)
        self._sales_panel_check_grantable()
        return res

    def unlink(self):
        if self._sales_panel_restricted():
            self._sales_panel_check_grantable()
            xmlids = [*self.sudo().get_external_id().values(),
                      *self.sudo().group_id.get_external_id().values()]
            shipped = [x for x in xmlids if x and not x.startswith(("__custom__.", "__export__."))]
            if shipped:
                raise AccessError(_("The roles shipped with the Sales Panel are changed, not deleted."))
            return super(ResUsersRole, self.sudo()).unlink()
        return super().unlink()


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        res = super().write(vals)
        if "groups_id" in vals or any(key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self._sales_panel_drop_stray_sections()
        return res

    def _sales_panel_drop_stray_sections(self):
        """Sections come from roles: someone whose role is taken away (the Agent group
        unticked on the user's form) loses the sections no other group of theirs opens.
        Odoo keeps implied groups when the group implying them goes."""
        category = self.env.ref("crm_sales_base.module_category_sales_panel_sections", False)
        if not category:
            return
        sections = self.env["res.groups"].sudo().search([("category_id", "=", category.id)])
        for user in self.sudo():
            others = user.groups_id - sections
            stray = (user.groups_id & sections) - others.trans_implied_ids
            if stray:
                user.write({"groups_id": [Command.unlink(group.id) for group in stray]})
