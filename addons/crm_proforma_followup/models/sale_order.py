import datetime
from collections import defaultdict

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_sales_base.hooks import create_indexes

from ..hooks import INDEXES

OPEN_STATES = ("draft", "sent")


def _conjuncts(domain):
    """The terms (as tuples) of a normalized domain's top-level conjunction: those no "|"
    or "!" is above (one pass, without recursion: generated domains have thousands of
    operators)."""
    top_level = [True]  # for each operand still to read: whether only "&" are above it
    for token in domain:
        only_and = top_level.pop()
        if token == "&":
            top_level += [only_and, only_and]
        elif token == "|":
            top_level += [False, False]
        elif token == "!":
            top_level.append(False)
        elif only_and:
            yield tuple(token)


LEVELS = [("normal", "Normal"), ("gold", "Gold"), ("special", "Special")]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    followup_ids = fields.One2many("sale.order.followup", "order_id", "Follow-up log")
    followup_count = fields.Integer("Follow-ups", readonly=True, copy=False, index=True)
    last_followup_date = fields.Datetime("Last follow-up", readonly=True, copy=False)
    partner_tier = fields.Selection(related="partner_id.tier", string="Contact tier", store=True)
    company_tier = fields.Selection(
        related="partner_id.commercial_partner_id.tier", string="Company tier", store=True)
    amount_level = fields.Selection(
        LEVELS, "Amount level", compute="_compute_amount_level", store=True,
        help="Gold and special amounts, from the thresholds of the Sales Panel settings, in the "
        "company's currency.")
    amount_decoration = fields.Char(compute="_compute_amount_decoration")
    lost_reason_id = fields.Many2one("crm.lost.reason", "Lost reason", copy=False, tracking=True)

    def init(self):
        result = super().init()  # sale's own index of the quotations' order
        create_indexes(self.env, INDEXES)
        return result

    @api.readonly
    @api.returns("self")
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        """A page of quotations (the lists): the ids first, then the page's fields. The ids
        of a page come from an index alone (hooks.INDEXES) where the record rules and the
        order allow it; fetched together with the fields, every quotation the search passes
        over is read from the table (bench/README.md).

        A user who sees only their own and unassigned quotations (stock's "own documents"
        rule) gets the page of each kind from the index of their quotations in the list's
        order, and the page of the two together from these at most 2 × (offset + limit)
        quotations: PostgreSQL cannot walk one index in the list's order for the rule's
        ``user_id = uid OR user_id IS NULL``."""
        if not limit or not field_names:
            return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)
        offset = offset or 0  # RPC may send None, as stock accepts
        parts = self._sales_panel_own_parts(domain)
        if parts:
            pages = []
            for part in parts:  # (super() cannot be called from a comprehension)
                pages.append(super().search_fetch(part, [], limit=offset + limit, order=order))
            if not (pages[0] and pages[1]):  # one kind only (agents rarely see unassigned ones)
                records = (pages[0] or pages[1])[offset:]
                records.fetch(field_names)
                return records
            domain = [("id", "in", pages[0].ids + pages[1].ids)]
        records = super().search_fetch(domain, [], offset=offset, limit=limit, order=order)
        records.fetch(field_names)
        return records

    @api.model
    @api.readonly
    def search_count(self, domain, limit=None):
        """The count of a list: for a user of stock's "own documents" rule, the count of their
        own quotations and that of the unassigned ones, each from an index (search_fetch)."""
        parts = self._sales_panel_own_parts(domain)
        if not parts:
            return super().search_count(domain, limit=limit)
        count = 0
        for part in parts:
            count += super().search_count(part, limit=limit and limit - count)
            if limit and count >= limit:
                break
        return count

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Stock's search, with the record rules of a user of stock's "own documents" rule
        left out where the domain itself keeps to the user's own or to unassigned quotations
        (the chase list, the agent home, each part of ``_sales_panel_own_parts``): the rule's
        ``user_id = uid OR user_id IS NULL`` then selects nothing more, but PostgreSQL counts
        it as a second, independent condition, expects a handful of rows where an agent has
        thousands and does not use the index of the list's order. The global rules (the
        companies) stay."""
        global_domain = self._sales_panel_own_rule_globals()
        if global_domain is None or not self._sales_panel_keeps_to_own(domain):
            return super()._search(domain, offset=offset, limit=limit, order=order)
        # Stock's BaseModel._search, with the global rules applied instead of all the rules.
        self.browse().check_access("read")
        if expression.is_false(self, domain):
            return self.browse()._as_query()
        query = self._where_calc(domain)
        if global_domain:
            expression.expression(list(global_domain), self.sudo(), self._table, query)
        if order:
            query.order = self._order_to_sql(order, query)
        query.limit = limit
        query.offset = offset
        return query

    @api.model
    @tools.ormcache("self.env.uid", "self.env.su", "tuple(self.env['ir.rule']._compute_domain_context_values())")
    def _sales_panel_own_rule_globals(self):
        """The global record rules' domain on quotations (as a tuple), when the other rules of
        the current user are stock's "own documents" rule only (the quotations whose
        salesperson is the user or nobody); otherwise None. Rules and groups changing clear
        the cache."""
        Rule = self.env["ir.rule"]
        rules = Rule._get_rules(self._name, mode="read").sudo()  # none for the superuser
        if not rules.filtered("groups"):
            return None
        eval_context = Rule._eval_context()
        own = expression.normalize_domain(
            ["|", ("user_id", "=", self.env.uid), ("user_id", "=", False)])
        global_domains = []
        for rule in rules:
            domain = expression.normalize_domain(
                safe_eval(rule.domain_force, eval_context) if rule.domain_force else [])
            if not rule.groups:
                global_domains.append(domain)
            elif [tuple(term) if isinstance(term, list) else term for term in domain] != own:
                return None
        return tuple(expression.AND(global_domains)) if global_domains else ()

    def _sales_panel_keeps_to_own(self, domain):
        """Whether ``domain`` is a conjunction with a term ``user_id = uid`` or ``user_id = False``."""
        wanted = (("user_id", "=", self.env.uid), ("user_id", "=", False))
        return any(term in wanted for term in _conjuncts(expression.normalize_domain(domain)))

    def _sales_panel_own_parts(self, domain):
        """``domain`` split into the user's own quotations and the unassigned ones, for a user
        of stock's "own documents" rule (None otherwise, or when ``domain`` already keeps to
        one of them)."""
        if self._sales_panel_own_rule_globals() is None or self._sales_panel_keeps_to_own(domain):
            return None
        return [expression.AND([domain, [("user_id", "=", self.env.uid)]]),
                expression.AND([domain, [("user_id", "=", False)]])]

    @api.depends("amount_total", "currency_id", "company_id", "date_order",
                 "company_id.sales_panel_gold_amount", "company_id.sales_panel_special_amount")
    def _compute_amount_level(self):
        for order in self:
            company = order.company_id or self.env.company
            amount = order.currency_id._convert(
                order.amount_total, company.currency_id, company,
                (order.date_order or fields.Datetime.now()).date(),
            ) if order.currency_id and order.currency_id != company.currency_id else order.amount_total
            if amount >= company.sales_panel_special_amount:
                order.amount_level = "special"
            elif amount >= company.sales_panel_gold_amount:
                order.amount_level = "gold"
            else:
                order.amount_level = "normal"

    @api.depends("amount_level")
    @api.depends_context("company")
    def _compute_amount_decoration(self):
        for order in self:
            company = order.company_id or self.env.company
            order.amount_decoration = {
                "gold": company.sales_panel_gold_style,
                "special": company.sales_panel_special_style,
            }.get(order.amount_level, "")

    # Follow-ups ---------------------------------------------------------------------------

    def _sales_panel_update_followups(self):
        """Count and last date of these quotations' follow-ups, from their follow-up rows
        only: maintained as follow-ups are logged, never by rescanning calls."""
        if not self:
            return
        groups = self.env["sale.order.followup"].sudo()._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count", "date:max"])
        rows = {order.id: (count, last) for order, count, last in groups}
        # Orders with the same figures are written together (a sync batch touches thousands).
        same = defaultdict(lambda: self.browse())
        for order in self.sudo():
            same[rows.get(order.id, (0, False))] |= order
        for (count, last), orders in same.items():
            orders.write({"followup_count": count, "last_followup_date": last})

    def action_log_followup(self):
        """The follow-up wizard, for those who chase quotations, on one they may change."""
        self.ensure_one()
        self.env["sale.order.followup.wizard"].check_access("create")
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Log a follow-up"),
            "res_model": "sale.order.followup.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    # Deciding -----------------------------------------------------------------------------

    def action_sales_panel_cancel(self):
        """The quotation's Cancel button: an open quotation is cancelled with the reason it
        was lost. The stock action_cancel is left as is, for the flows that call it."""
        self.check_access("write")
        if any(order.state in OPEN_STATES and not order.lost_reason_id for order in self):
            return {
                "type": "ir.actions.act_window",
                "name": _("Why was it lost?"),
                "res_model": "sale.order.lost.wizard",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"active_ids": self.ids, "active_model": "sale.order"},
            }
        return self.action_cancel()

    def action_draft(self):
        # Back to a quotation: it is open again, and a later cancel asks for a new reason.
        result = super().action_draft()
        self.filtered(lambda o: o.state == "draft" and o.lost_reason_id).lost_reason_id = False
        return result

    def _action_cancel(self):
        # Enforced on the server too, for the suite's users: a quotation is decided only
        # with a reason (managers, who have the quotations section at "all", and automated
        # flows keep the stock behaviour).
        user = self.env.user
        if (not self.env.su and user.has_group("crm_sales_base.group_section_quotations")
                and not user.has_group("crm_sales_base.group_section_quotations_all")):
            missing = self.filtered(lambda o: o.state in OPEN_STATES and not o.lost_reason_id)
            if missing:
                raise UserError(_("Give a lost reason to cancel %s.", ", ".join(missing.mapped("name"))))
        return super()._action_cancel()

    @api.model
    def _sales_panel_chase_domain(self):
        """The current user's quotations still to chase, as the chase list's action has
        them (open ones, and cancelled ones nobody gave a lost reason, which are not
        decided): written once, there."""
        action = self.env.ref("crm_proforma_followup.action_chase_list").sudo()
        return safe_eval(action.domain, {"uid": self.env.uid})

    # No quotation without a task ------------------------------------------------------------

    @api.model
    def _sales_panel_blocking_quotations(self):
        """The current user's open quotations that have had no open activity for longer than
        the grace period, if the user is in a blocked group; read with the user's rights, so
        a quotation the user can no longer read never blocks."""
        user = self.env.user
        company = self.env.company
        if (self.env.su or user.has_group("crm_sales_base.group_section_quotations_all")
                or not (user.groups_id & company.sales_panel_blocked_group_ids)):
            return self.browse()
        since = fields.Datetime.now() - datetime.timedelta(minutes=company.sales_panel_task_grace_minutes)
        return self.search([
            ("user_id", "=", user.id), ("state", "in", OPEN_STATES),
            ("create_date", "<=", since), ("activity_ids", "=", False),
        ], order="amount_total desc, id")

    @api.model
    def sales_panel_blocking_info(self):
        """For the blocking screen: the quotations that need a task. Only the current user's
        own quotations, read with their rights (nobody else's, whoever calls it)."""
        return [{"id": order.id, "name": order.name, "partner": order.partner_id.display_name,
                 "amount": order.amount_total, "currency_id": order.currency_id.id}
                for order in self._sales_panel_blocking_quotations()]
