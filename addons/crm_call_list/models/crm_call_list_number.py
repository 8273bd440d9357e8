from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.persian import normalize_letters
from odoo.addons.crm_sales_base.lib.phone import is_mobile, to_e164

STATES = [
    ("open", "To call"),
    ("callback", "Call back"),
    ("done", "Done"),
    ("duplicate", "Duplicate"),
]
DUPLICATES = [
    ("file", "Twice in the file"),
    ("list", "Already in the list"),
]
# Columns an import batch writes by INSERT (_call_list_insert) and their types; a batch
# with any other field (an import mapping more columns) goes through the ORM.
INSERT_COLUMNS = {
    "list_id": "int4", "name": "varchar", "number_raw": "varchar", "number_e164": "varchar",
    "import_ref": "int4", "category_id": "int4", "state": "varchar", "duplicate": "varchar",
    "duplicate_of_id": "int4", "partner_id": "int4", "is_customer": "bool", "sequence": "int4", "note": "text",
}
# The levels of the section "call lists" of the roles screen (#18): own (agents and
# marketers dial lists), my teams, all (who keeps the lists).
SECTION = "crm_call_list.group_section_call_lists"
SECTION_TEAM = "crm_call_list.group_section_call_lists_team"
SECTION_ALL = "crm_call_list.group_section_call_lists_all"


class CrmCallListNumber(models.Model):
    """A number of a call list: held by one agent at a time, called until an outcome closes it.

    Agents and supervisors only read numbers: taking, giving back, outcomes and the managers'
    bulk actions are methods that check who asks (groups, ownership) and then write as the
    superuser."""

    _name = "crm.call.list.number"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Number of a call list"
    _order = "sequence, id"
    _rec_name = "number_raw"

    list_id = fields.Many2one("crm.call.list", "Call list", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="list_id.company_id", store=True, index=True)
    team_id = fields.Many2one(related="list_id.team_id", store=True)
    category_id = fields.Many2one("crm.call.list.category", index="btree_not_null", tracking=True)
    sequence = fields.Integer(default=10, help="Lower numbers are called first.")
    name = fields.Char(help="Who the number belongs to, as the file says.")
    number_raw = fields.Char("Number", required=True)
    number_e164 = fields.Char("Number (E.164)", readonly=True, index="btree_not_null")
    partner_id = fields.Many2one("res.partner", "Contact", index="btree_not_null", tracking=True)
    is_customer = fields.Boolean(
        "Already a contact", readonly=True,
        help="The number belonged to a contact of the company when it was imported.")
    user_id = fields.Many2one("res.users", "Agent", index="btree_not_null", tracking=True)
    assign_date = fields.Datetime("Held since", readonly=True)
    state = fields.Selection(STATES, required=True, default="open", index=True, tracking=True)
    duplicate = fields.Selection(DUPLICATES, readonly=True)
    duplicate_of_id = fields.Many2one("crm.call.list.number", "Duplicate of", readonly=True, ondelete="set null")
    outcome_id = fields.Many2one("crm.call.list.outcome", "Last outcome", readonly=True, tracking=True)
    callback_date = fields.Datetime("Call back at", readonly=True, tracking=True)
    note = fields.Text()
    attempt_ids = fields.One2many("crm.call.list.attempt", "number_id", "Calls")
    attempt_count = fields.Integer("Times called", readonly=True)
    last_attempt_date = fields.Datetime("Last called", readonly=True)
    # The import a number came with (base_import.import's id): numbers of the same file
    # that come in another batch are "twice in the file", not "already in the list".
    import_ref = fields.Integer(readonly=True, copy=False)

    def init(self):
        # "Next call": the first free number of a list, looked for at every press.
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS crm_call_list_number_pool_idx ON crm_call_list_number "
            "(list_id, sequence, id) WHERE state = 'open' AND user_id IS NULL"))
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS crm_call_list_number_list_e164_idx ON crm_call_list_number "
            "(list_id, number_e164)"))

    # Creation: normalised, duplicates and contacts found ---------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lists = self.env["crm.call.list"].browse({vals.get("list_id") or self.env.context.get("default_list_id")
                                                 for vals in vals_list} - {None, False})
        region = {call_list.id: call_list.company_id.sales_panel_phone_country_id.code or "IR" for call_list in lists}
        category = {call_list.id: call_list.category_id.id for call_list in lists}
        import_ref = self.env.context.get("call_list_import_id") or 0
        seen = {}  # (list, number): index in vals_list
        firsts = {}  # index of a duplicate of the same batch: index of its first row
        for index, vals in enumerate(vals_list):
            list_id = vals.get("list_id") or self.env.context.get("default_list_id")
            raw = (vals.get("number_raw") or "").strip()
            number = to_e164(raw, region.get(list_id, "IR"))
            if not number:
                raise ValidationError(_("%(number)s is not a phone number.", number=raw or _("(empty)")))
            vals.update(number_e164=number, import_ref=import_ref, name=normalize_letters(vals.get("name")) or False)
            if list_id and not vals.get("category_id"):
                vals["category_id"] = category.get(list_id) or False
            if (list_id, number) in seen:
                vals.update(state="duplicate", duplicate="file")
                firsts[index] = seen[(list_id, number)]
            else:
                seen[(list_id, number)] = index
        # Numbers already in the lists: the file's earlier batches are "twice in the file".
        existing = {}
        for list_id in {key[0] for key in seen}:
            numbers = [number for (lid, number) in seen if lid == list_id]
            for row in self.sudo().with_context(active_test=False).search_read(
                    [("list_id", "=", list_id), ("number_e164", "in", numbers), ("state", "!=", "duplicate")],
                    ["number_e164", "import_ref"], order="id"):
                existing.setdefault((list_id, row["number_e164"]), row)
        partners = {}
        for call_list in lists:
            numbers = {number for (lid, number) in seen if lid == call_list.id}
            partners.update({(call_list.id, number): partner for number, partner in
                             self.env["res.partner"]._sales_panel_match_numbers(numbers, call_list.company_id).items()})
        for vals in vals_list:
            key = (vals.get("list_id") or self.env.context.get("default_list_id"), vals["number_e164"])
            earlier = existing.get(key)
            if earlier and vals.get("state") != "duplicate":
                vals.update(state="duplicate", duplicate_of_id=earlier["id"],
                            duplicate="file" if import_ref and earlier["import_ref"] == import_ref else "list")
            partner = partners.get(key)
            if partner and not vals.get("partner_id"):
                vals.update(partner_id=partner.id, is_customer=True)
        # A duplicate of the same batch points at its first row (an earlier batch's: above).
        firsts = {index: first for index, first in firsts.items() if not vals_list[index].get("duplicate_of_id")}
        if self.env.context.get("import_file") and all(set(vals) <= INSERT_COLUMNS.keys() for vals in vals_list):
            for vals in vals_list:
                vals.setdefault("list_id", self.env.context.get("default_list_id"))
            return self._call_list_insert(vals_list, firsts)
        # No "created" message nor followers for each number (half of the time of a
        # batch); changes later are tracked as usual.
        records = super(CrmCallListNumber, self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)).create(vals_list)
        for index, first in firsts.items():
            records[index].duplicate_of_id = records[first]
        return records

    def _call_list_insert(self, vals_list, firsts=None):
        """The numbers of an import batch in one INSERT (base_import's batches of 2 000
        rows): the ORM's create spent 2.5 s per batch on defaults, caches and inverses,
        for rows of plain columns (bench/bench_call_list.py). Same checks as create():
        the model's rights, then the record rules on the rows made."""
        self.check_access("create")
        lists = self.env["crm.call.list"].browse({vals["list_id"] for vals in vals_list}).exists()
        companies = {call_list.id: call_list.company_id.id for call_list in lists}
        teams = {call_list.id: call_list.team_id.id or None for call_list in lists}
        if len(companies) != len({vals["list_id"] for vals in vals_list}):
            raise ValidationError(_("Choose the call list the numbers go to."))
        self.flush_model()
        count = len(vals_list)
        ids = [row[0] for row in self.env.execute_query(SQL(
            "SELECT nextval('crm_call_list_number_id_seq') FROM generate_series(1, %s)", count))]
        for index, first in (firsts or {}).items():
            vals_list[index]["duplicate_of_id"] = ids[first]
        now, uid = fields.Datetime.now(), self.env.uid
        values = {
            **{name: [vals.get(name) or None for vals in vals_list] for name in INSERT_COLUMNS},
            "id": ids,
            "company_id": [companies[vals["list_id"]] for vals in vals_list],
            "team_id": [teams[vals["list_id"]] for vals in vals_list],
            "sequence": [vals.get("sequence") or 10 for vals in vals_list],
            "state": [vals.get("state") or "open" for vals in vals_list],
            "is_customer": [bool(vals.get("is_customer")) for vals in vals_list],
            "import_ref": [vals.get("import_ref") or 0 for vals in vals_list],
            "attempt_count": [0] * count,
            "create_uid": [uid] * count, "write_uid": [uid] * count,
            "create_date": [now] * count, "write_date": [now] * count,
        }
        types = dict(INSERT_COLUMNS, id="int4", company_id="int4", team_id="int4", attempt_count="int4",
                     create_uid="int4", write_uid="int4", create_date="timestamp", write_date="timestamp")
        names = list(types)
        self.env.cr.execute(SQL(
            "INSERT INTO crm_call_list_number (%s) SELECT * FROM unnest(%s)",
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(SQL(f"%s::{types[name]}[]", values[name]) for name in names)))
        lists.invalidate_recordset(["number_ids"])
        records = self.browse(ids)
        records.check_access("create")
        return records

    def write(self, vals):
        if "number_raw" in vals:
            for record in self:
                number = to_e164(vals["number_raw"], record.company_id.sales_panel_phone_country_id.code or "IR")
                if not number:
                    raise ValidationError(_("%(number)s is not a phone number.", number=vals["number_raw"]))
                super(CrmCallListNumber, record).write(dict(vals, number_e164=number))
            return True
        return super().write(vals)

    @api.model
    def load(self, fields, data):
        """base_import's door. A test run (``call_list_dryrun``) also reports, row by row,
        the numbers twice in the file, already in the list and already contacts: the person
        importing reads them before confirming. The real run imports them marked (never
        merged) and the list shows them."""
        # load() reports a refused row as a message: who may not create is refused at once.
        self.check_access("create")
        errors = self._call_list_check_rows(fields, data)
        if errors:
            return {"ids": False, "messages": errors, "nextrow": 0}
        result = super().load(fields, data)
        if self.env.context.get("call_list_dryrun") and result.get("ids"):
            result["messages"] = result.get("messages", []) + self.browse(result["ids"])._call_list_report()
        return result

    def _call_list_check_rows(self, fields, data):
        """Every row whose number is not a phone number, named with its row (load() would
        stop at the first ten and put the first one on the batch's first row)."""
        if "number_raw" not in fields:
            return []
        column = fields.index("number_raw")
        call_list = self.env["crm.call.list"].browse(self.env.context.get("default_list_id"))
        region = (call_list.company_id or self.env.company).sales_panel_phone_country_id.code or "IR"
        first = self.env.context.get("call_list_first_row") or 1
        return [{"type": "error", "record": index, "rows": {"from": index, "to": index}, "field": "number_raw",
                 "message": self.env._("Row %(row)s: %(number)s is not a phone number.", row=first + index,
                                       number=row[column] or self.env._("(empty)"))}
                # base_import hands every row left and loads ``_import_limit`` of them (a batch).
                for index, row in enumerate(data[:self.env.context.get("_import_limit") or None])
                if not to_e164(row[column], region)]

    def _call_list_report(self):
        """base_import messages (warnings, one per row) of what these numbers are."""
        messages = []
        for row, record in enumerate(self, start=1):
            if record.duplicate == "file":
                message = _("%(number)s is twice in the file: it is imported as a duplicate, not called.",
                            number=record.number_raw)
            elif record.duplicate == "list":
                message = _("%(number)s is already in the list: it is imported as a duplicate, not called.",
                            number=record.number_raw)
            elif record.is_customer:
                message = _("%(number)s is already the number of %(contact)s: it is linked to that contact.",
                            number=record.number_raw, contact=record.partner_id.display_name)
            else:
                continue
            messages.append({"type": "warning", "message": message, "record": row - 1,
                             "rows": {"from": row - 1, "to": row - 1}})
        return messages

    # Who asks ----------------------------------------------------------------------------

    def _call_list_is_agent(self):
        return self.env.user.has_group(SECTION)

    def _call_list_check_manager(self):
        if not self.env.user.has_group(SECTION_ALL):
            raise AccessError(_("Only users whose role gives the Call lists section at the level “All” do this on "
                                "call lists."))

    def _call_list_check_own(self):
        """The numbers must be held by the user (managers: any they see)."""
        self.check_access("read")
        if self.env.user.has_group(SECTION_ALL):
            return
        if not self._call_list_is_agent() or any(number.user_id != self.env.user for number in self):
            raise AccessError(_("You may only do this on numbers you hold."))

    # Next call ---------------------------------------------------------------------------

    @api.model
    def action_next_call(self):
        """The agent's next number: a call-back that is due, else a number the agent holds
        not called yet, else a free number of the lists of the agent's teams, taken with
        ``FOR UPDATE SKIP LOCKED`` so that two agents pressing at the same moment never get
        the same one. Opens it."""
        if not self._call_list_is_agent():
            raise AccessError(_("Only agents and marketers take numbers of call lists."))
        number = self._call_list_next()
        if not number:
            return {"type": "ir.actions.client", "tag": "display_notification", "params": {
                "type": "warning", "title": _("No number to call"),
                "message": _("The call lists of your teams have no number left to call."), "sticky": False}}
        return number.with_env(self.env)._call_list_form_action()

    @api.model
    def _call_list_next(self):
        user = self.env.user
        mine = self.sudo().search([("user_id", "=", user.id), ("company_id", "=", self.env.company.id), "|",
                                   "&", ("state", "=", "callback"), ("callback_date", "<=", fields.Datetime.now()),
                                   "&", ("state", "=", "open"), ("last_attempt_date", "=", False)],
                                  order="state, callback_date, assign_date, id", limit=1)
        if mine:
            return mine
        company = self.env.company
        held = self._call_list_held(user, company)
        if held >= company.sales_panel_call_list_max_held:
            raise UserError(_("You hold %(count)s numbers, your limit: call them before taking more.", count=held))
        self.env["crm.call.list.number"].flush_model()
        rows = self.env.execute_query(SQL(
            """SELECT n.id FROM crm_call_list_number n JOIN crm_call_list l ON l.id = n.list_id
               WHERE n.state = 'open' AND n.user_id IS NULL AND l.active AND l.company_id = %(company)s
                 AND (l.team_id IS NULL OR l.team_id = ANY(%(teams)s))
               ORDER BY n.sequence, n.id LIMIT 1 FOR UPDATE OF n SKIP LOCKED""",
            company=self.env.company.id, teams=user.crm_team_ids.ids or [0]))
        if not rows:
            return self.browse()
        number = self.sudo().browse(rows[0][0])
        number.write({"user_id": user.id, "assign_date": fields.Datetime.now()})
        return number

    def _call_list_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "views": [(self.env.ref("crm_call_list.view_call_list_number_form").id, "form")],
            "target": "current", "name": _("Next call"),
        }

    # Outcome -----------------------------------------------------------------------------

    def action_set_outcome(self):
        """The outcome's dialog for a number the user holds."""
        self.ensure_one()
        self._call_list_check_own()
        return {
            "type": "ir.actions.act_window", "res_model": "crm.call.list.outcome.wizard",
            "views": [(False, "form")], "target": "new", "name": _("Outcome of the call"),
            "context": {"default_number_id": self.id},
        }

    def _call_list_set_outcome(self, outcome, callback_date=False, note=False):
        """Store what became of the call (checked by the caller): the number's last call
        without an outcome gets it, or a call dialled by hand is counted; then the number is
        planned for a call-back, closed (made a contact), or goes back to the pool."""
        self.ensure_one()
        if outcome.needs_date and not callback_date:
            raise UserError(_("%(outcome)s: give the date and time of the call-back.", outcome=outcome.name))
        if outcome.needs_date and callback_date <= fields.Datetime.now():
            raise UserError(_("The call-back is in the past: give a later date and time."))
        number = self.sudo()
        agent = number.user_id or self.env.user
        attempt = number.attempt_ids.filtered(lambda a: not a.outcome_id and a.user_id == agent)[:1]
        values = {"outcome_id": outcome.id, "note": note or False}
        if attempt:
            attempt.write(values)
        else:
            attempt = self.env["crm.call.list.attempt"].sudo().create(dict(values, number_id=number.id,
                                                                            user_id=agent.id))
        number.activity_ids.filtered(lambda a: a.user_id == agent).action_feedback(
            feedback=_("Called: %(outcome)s", outcome=outcome.name))
        vals = {"outcome_id": outcome.id, "callback_date": False, "note": note or number.note}
        if outcome.needs_date:
            vals.update(state="callback", callback_date=callback_date)
            number.write(vals)
            number._call_list_schedule_callback(agent, note)
        elif outcome.closes_number or outcome.makes_customer:
            vals["state"] = "done"
            if outcome.makes_customer and not number.partner_id:
                vals["partner_id"] = number._call_list_make_contact(agent).id
            number.write(vals)
        else:
            # Not reached or not decided: back to the pool, for anyone to call again.
            vals.update(state="open", user_id=False, assign_date=False)
            number.write(vals)
        return attempt

    def _call_list_schedule_callback(self, agent, note=False):
        """The call-back on the agent's plan: a *Call* activity on the number, due the day
        of its ``callback_date`` in the agent's timezone (crm_agent_plan plans it again for
        a number whose agent has none)."""
        self.ensure_one()
        return self.activity_schedule("mail.mail_activity_data_call", **self._call_list_callback_values(agent, note))

    def _call_list_callback_values(self, agent, note=False):
        """``activity_schedule()``'s values of the number's call-back for ``agent``
        (crm_agent_plan creates many in one go with them)."""
        self.ensure_one()
        local = fields.Datetime.context_timestamp(self.with_user(agent), self.callback_date)
        # In the agent's language: a manager or the nightly planner may be who writes it.
        summary = self.with_context(lang=agent.lang).env._(
            "Call back %(number)s at %(time)s", number=self.display_name, time=local.strftime("%H:%M"))
        return {"date_deadline": local.date(), "user_id": agent.id, "summary": summary, "note": note or ""}

    def _call_list_make_contact(self, agent):
        mobile = is_mobile(self.number_e164)
        return self.env["res.partner"].sudo().create({
            "name": self.name or self.number_raw,
            "mobile" if mobile else "phone": self.number_e164,
            "user_id": agent.id, "company_id": self.company_id.id,
        })

    # Giving back, assigning ------------------------------------------------------------------

    def action_release(self):
        """Back to the pool: an agent gives back numbers they hold, managers any."""
        self._call_list_check_own()
        self.sudo()._call_list_release()
        return True

    def _call_list_release(self):
        numbers = self.filtered(lambda n: n.user_id)
        numbers.write({"user_id": False, "assign_date": False})
        callbacks = numbers.filtered(lambda n: n.state == "callback")
        callbacks.activity_unlink(["mail.mail_activity_data_call"])
        callbacks.write({"state": "open", "callback_date": False})
        return numbers

    def _call_list_assign(self, user):
        """Managers hand these numbers to ``user`` (within the user's limit in each company
        of the numbers; never numbers of a company the user does not work in)."""
        self._call_list_check_manager()
        if not user.has_group(SECTION):
            raise UserError(_("%(user)s is not an agent: only agents and marketers call lists.", user=user.name))
        numbers = self.filtered(lambda n: n.state in ("open", "callback") and n.user_id != user)
        foreign = numbers.company_id - user.sudo().company_ids
        if foreign:
            raise UserError(_("%(user)s does not work in %(companies)s: the numbers of a company go to its own people.",
                              user=user.name, companies=", ".join(foreign.mapped("name"))))
        for company, batch in numbers.grouped("company_id").items():
            held = self._call_list_held(user, company)
            limit = company.sales_panel_call_list_max_held
            if held + len(batch.filtered(lambda n: n.state == "open")) > limit:
                raise UserError(_("%(user)s holds %(held)s numbers and may hold %(limit)s: assign at most %(left)s.",
                                  user=user.name, held=held, limit=limit, left=max(limit - held, 0)))
        numbers.sudo().write({"user_id": user.id, "assign_date": fields.Datetime.now()})
        return numbers

    def _call_list_held(self, user, company):
        """How many open numbers of ``company``'s lists ``user`` holds, counted after
        taking the user's lock: two "next call" (or a manager's assignment and a "next
        call") of the same agent at once are counted one after the other.

        An advisory lock (``pg_advisory_xact_lock``) alone would make the second wait, not
        count right: Odoo's transactions are REPEATABLE READ, and the second one's snapshot,
        taken when its request began, does not show the number the first committed while it
        waited. Updating the user's row both waits for the first and makes PostgreSQL refuse
        the second ("could not serialize access"), which Odoo retries from the start, with a
        snapshot that has the first one's number."""
        self.env.cr.execute(SQL("UPDATE res_users SET id = id WHERE id = %s", user.id))
        return self.sudo().search_count([("user_id", "=", user.id), ("state", "=", "open"),
                                         ("company_id", "=", company.id)])

    @api.model
    def _cron_release(self):
        """Nightly: numbers held since before today and not called go back to the pool
        (when the company says so); numbers of agents who left (archived users) always."""
        Number = self.sudo()
        left = Number.search([("user_id", "!=", False), ("user_id.active", "=", False),
                              ("state", "in", ("open", "callback"))])
        released = left._call_list_release()
        for company in self.env["res.company"].sudo().search([("sales_panel_call_list_release", "=", True)]):
            start = company._sales_panel_period("day").utc_start
            stale = Number.search([("company_id", "=", company.id), ("state", "=", "open"),
                                   ("user_id", "!=", False), ("assign_date", "<", start), "|",
                                   ("last_attempt_date", "=", False), ("last_attempt_date", "<", start)])
            released |= stale._call_list_release()
        return released

    # Manager's bulk actions --------------------------------------------------------------------

    def action_bulk(self):
        """The managers' dialog for the selected numbers (assign, release, category, delete)."""
        self._call_list_check_manager()
        return {
            "type": "ir.actions.act_window", "res_model": "crm.call.list.bulk", "views": [(False, "form")],
            "target": "new", "name": _("Numbers: bulk action"),
            "context": {"default_number_ids": self.ids},
        }

