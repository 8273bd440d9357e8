import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SalesPanelRules(models.Model):
    """The business rules of one company, the screen sales managers keep them on.

    Each rule is a related field of the company's own field of the same name: the company
    keeps the only value (every consumer reads ``company.<field>``), this record is the door
    managers may go through and the chatter that logs each change. Each addon adds its
    rules here, as it adds its settings to res.config.settings. Settings (res.config.settings)
    stay with system administrators: their ``execute()`` writes any module's settings.
    """

    _name = "sales.panel.rules"
    _description = "Sales Panel rules"
    _inherit = ["mail.thread"]
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    sales_panel_auto_tier = fields.Boolean(related="company_id.sales_panel_auto_tier", readonly=False,
                                           tracking=True)
    sales_panel_tier_days = fields.Integer(related="company_id.sales_panel_tier_days", readonly=False,
                                           tracking=True)
    sales_panel_tier_gold = fields.Monetary(related="company_id.sales_panel_tier_gold", readonly=False,
                                            tracking=True)
    sales_panel_tier_silver = fields.Monetary(related="company_id.sales_panel_tier_silver", readonly=False,
                                              tracking=True)
    sales_panel_tier_bronze = fields.Monetary(related="company_id.sales_panel_tier_bronze", readonly=False,
                                              tracking=True)
    # The calendar of every figure (res_company_calendar.py).
    sales_panel_timezone = fields.Char(related="company_id.sales_panel_timezone", readonly=False, tracking=True)
    sales_panel_week_start = fields.Selection(
        related="company_id.sales_panel_week_start", readonly=False, tracking=True)
    sales_panel_calendar = fields.Selection(
        related="company_id.sales_panel_calendar", readonly=False, tracking=True)
    # How amounts are shown (res_company_money.py).
    sales_panel_amount_unit = fields.Selection(
        related="company_id.sales_panel_amount_unit", readonly=False, tracking=True)
    # Past this size exports are built in the background (res_company_progress.py).
    sales_panel_background_rows = fields.Integer(
        related="company_id.sales_panel_background_rows", readonly=False, tracking=True)

    _sql_constraints = [
        ("company_unique", "unique(company_id)", "A company has one set of Sales Panel rules."),
    ]

    @api.constrains("sales_panel_timezone")
    def _check_sales_panel_timezone(self):
        for rules in self:
            if rules.sales_panel_timezone not in pytz.all_timezones_set:
                raise ValidationError(_(
                    "%(zone)s is not a timezone: write one of the IANA timezone database, "
                    "e.g. Asia/Tehran or Europe/Berlin.", zone=rules.sales_panel_timezone))

    @api.model
    def _sales_panel_rule_fields(self):
        """Names of the rules: fields written to the company's field of the same name."""
        return {name for name, field in self._fields.items()
                if field.related == f"company_id.{name}" and not field.readonly}

    @api.model
    def _sales_panel_for(self, companies):
        """The rules records of ``companies``, made for those that have none yet."""
        rules = self.sudo().with_context(active_test=False).search([("company_id", "in", companies.ids)])
        missing = companies - rules.company_id
        if missing:
            rules |= self.sudo().with_context(tracking_disable=True).create(
                [{"company_id": company.id} for company in missing])
        return self.browse(rules.ids)

    def write(self, vals):
        if "company_id" in vals and any(rules.company_id.id != vals["company_id"] for rules in self):
            raise UserError(_("The rules of a company stay that company's."))
        if not vals.keys() <= self._sales_panel_rule_fields():
            return super().write(vals)
        # Who may change these rules is decided here, by the rights and the company rule of
        # this model (managers, for their own companies); res.company itself stays the
        # administrators', so the company's fields are written as superuser (same user, so
        # the chatter logs who changed what).
        self.check_access("write")
        if not self.env.su:
            self._sales_panel_check_links(vals)
        return super(SalesPanelRules, self.sudo().with_context(sales_panel_rules_write=True)).write(vals)

    def _sales_panel_check_links(self, vals):
        """A rule that lists records (e.g. the blocked groups) only links or unlinks records
        the user may read: written as superuser, a command creating or changing a record
        (a group implying Settings, say) would make the user whatever they like."""
        for name, value in vals.items():
            field = self._fields[name]
            if field.type not in ("one2many", "many2many"):
                continue
            ids = []
            for command in value or ():
                if not isinstance(command, (list, tuple)) or command[0] not in (
                        Command.LINK, Command.UNLINK, Command.CLEAR, Command.SET):
                    raise UserError(_("%(rule)s takes existing records only.", rule=field.string))
                if command[0] == Command.SET:
                    ids += command[2]
                elif command[0] != Command.CLEAR:
                    ids.append(command[1])
            self.env[field.comodel_name].browse(ids).check_access("read")

    @api.model
    def _action_open_rules(self):
        """The rules of the company the user works in (the menu's server action)."""
        rules = self._sales_panel_for(self.env.company)
        rules.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("Sales Panel rules"),
            "res_model": self._name,
            "res_id": rules.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
