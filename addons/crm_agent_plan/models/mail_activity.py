from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, is_html_empty

from odoo.addons.crm_proforma_followup.models.sale_order import OPEN_STATES

# The levels of the section "plan" of the roles screen (#18).
SECTION = "crm_agent_plan.group_section_plan"
SECTION_TEAM = "crm_agent_plan.group_section_plan_team"
SECTION_ALL = "crm_agent_plan.group_section_plan_all"
CHASE_TYPE = "crm_agent_plan.activity_type_chase_quotation"
CALL_TYPE = "crm_agent_plan.activity_type_call_customer"
CALLBACK_TYPE = "mail.mail_activity_data_call"
# The states of the plan: Odoo's (overdue, today, planned, done), and the events' closed
# without being done (crm_voip_bridge). Their colours on the calendar (Odoo's palette) go
# with the badges of the cards and the list: done green (success), overdue red and
# unreachable raspberry (danger), today yellow (warning), planned cyan (info), cancelled
# grey (muted).
PLAN_STATES = [("overdue", "Overdue"), ("today", "Today"), ("planned", "Planned"), ("done", "Done"),
               ("cancelled", "Cancelled"), ("unreachable", "Unreachable")]
PLAN_COLORS = {"done": 10, "overdue": 1, "today": 3, "planned": 4, "cancelled": 0, "unreachable": 9}
# Activities made in one create(): the first run on a large database plans many.
BATCH = 1000


class MailActivity(models.Model):
    _inherit = "mail.activity"

    plan_state = fields.Selection(PLAN_STATES, "State on the plan", compute="_compute_plan_state",
                                  help="Odoo's state, and for an event closed without being done, how it closed.")
    plan_color = fields.Integer("Colour on the plan", compute="_compute_plan_color")
    plan_can_change = fields.Boolean(
        "Progress may change", compute="_compute_plan_can_change",
        help="Open, and the current user may change its progress (start, unreachable, cancel): its assignee or a "
             "user whose role gives the Calls and recordings section at “All”.")
    plan_can_done = fields.Boolean(
        "May be marked done", compute="_compute_plan_can_change",
        help="Open, and the current user may mark it done: an event its assignee or a user whose role gives the "
             "Calls and recordings section at “All” only, another "
             "activity whoever may change it (its assignee, its author, who may change its document).")

    @api.depends("state", "sales_panel_state")
    def _compute_plan_state(self):
        for activity in self:
            closed = activity.sales_panel_state in ("cancelled", "unreachable")
            activity.plan_state = activity.sales_panel_state if closed else activity.state

    @api.depends("plan_state")
    def _compute_plan_color(self):
        for activity in self:
            activity.plan_color = PLAN_COLORS.get(activity.plan_state, 0)

    @api.depends_context("uid")
    @api.depends("active", "user_id", "activity_type_id", "res_model", "res_id")
    def _compute_plan_can_change(self):
        # The rules the server applies (crm_voip_bridge's _sales_panel_check_assignee and
        # Odoo's access to activities): the buttons show where they are not refused.
        may = set(self._sales_panel_may_change().ids)
        for activity in self:
            activity.plan_can_change = activity.active and activity.id in may
            activity.plan_can_done = activity.active and activity.can_write and (
                activity.id in may or not activity.sales_panel_is_event)

    @api.model
    def _sales_panel_event_types(self):
        """*Call the customer* is a call: an event (T8) like Odoo's Call, with its progress."""
        types = super()._sales_panel_event_types()
        call = self.env.ref(CALL_TYPE, raise_if_not_found=False)
        return types | call if call else types

    # The plans of others ---------------------------------------------------------------

    @api.model
    def action_open_team_plans(self):
        """The plans of the agents one oversees: the members of the teams one leads (plan:
        my teams), everyone (plan: all). What shows is what Odoo lets one read of
        activities: those of the documents one may open."""
        user = self.env.user
        if not user.has_group(SECTION_TEAM):
            raise AccessError(_("Only users whose role gives the Plan section at the level “My teams” or “All” see the "
                                "plans of others."))
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_agent_plan.action_team_plans")
        if user.has_group(SECTION_ALL):
            action["domain"] = [("user_id.share", "=", False)]
        else:
            teams = self.env["crm.team"].search([("user_id", "=", user.id)])
            action["domain"] = [("user_id", "in", (teams.member_ids | user).ids)]
        return action

    # Planned by the system: a daily job each, one query per source -----------------------

    @api.model
    def _plan_schedule(self, model, rows, activity_type):
        """Activities of ``activity_type`` on ``model``'s records: ``rows`` are (record id,
        user id, company id), due today in the company's calendar."""
        if not rows:
            return self.browse()
        model_id = self.env["ir.model"]._get_id(model)
        companies = self.env["res.company"].sudo().browse({row[2] for row in rows})
        today = {company.id: company._sales_panel_today() for company in companies}
        return self._plan_create([{
            "res_model_id": model_id, "res_id": res_id, "user_id": user_id,
            "activity_type_id": activity_type.id, "date_deadline": today[company_id],
            "automated": True,
        } for res_id, user_id, company_id in rows])

    @api.model
    def _plan_create(self, vals_list):
        """Create the planned activities ``BATCH`` at a time."""
        activities = self.browse()
        # No mail to the agents for each (the plan is where they look).
        Activity = self.sudo().with_context(mail_activity_quick_update=True)
        for start in range(0, len(vals_list), BATCH):
            activities |= Activity.create(vals_list[start:start + BATCH])
        return activities

    @api.model
    def _plan_flush(self):
        self.env["mail.activity"].flush_model(["res_model", "res_id", "activity_type_id", "active", "user_id",
                                               "date_done", "automated"])
        self.env["res.users"].flush_model(["active", "share", "company_id"])

    @api.model
    def _plan_callbacks(self, companies=None, numbers=None):
        """(a) Call-backs of call lists: crm_call_list schedules one with the outcome *Call
        later*; a number in call-back whose agent has no open call activity on it (it was
        assigned to another agent, or its activity was deleted) gets one again, and the
        open call activity of a number its agent no longer calls back goes (its note goes
        with the number to the new one). ``numbers``: only these (a number handed to
        another agent moves its call-back at once, crm.call.list.number's write)."""
        companies = companies or self.env["res.company"].sudo().search([])
        only = SQL("AND n.id = ANY(%s)", numbers.ids) if numbers is not None else SQL()
        callback = self.env.ref(CALLBACK_TYPE)
        self._plan_flush()
        self.env["crm.call.list.number"].flush_model(["state", "user_id", "company_id", "callback_date"])
        rows = self.env.execute_query(SQL(
            """SELECT n.id FROM crm_call_list_number n
                 JOIN res_users u ON u.id = n.user_id AND u.active AND NOT u.share
                WHERE n.state = 'callback' AND n.callback_date IS NOT NULL AND n.company_id = ANY(%(companies)s)
                  AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                   WHERE a.res_model = 'crm.call.list.number' AND a.res_id = n.id
                                     AND a.user_id = n.user_id AND a.active AND a.activity_type_id = %(type)s)
                  %(only)s
                ORDER BY n.id""",
            companies=companies.ids, type=callback.id, only=only))
        # Call-backs that left their agent (the number was handed to another, given back,
        # or closed without them) leave that agent's plan; calls people scheduled by hand stay.
        stale = self.env.execute_query(SQL(
            """SELECT a.id FROM mail_activity a
                 JOIN crm_call_list_number n ON n.id = a.res_id
                WHERE a.res_model = 'crm.call.list.number' AND a.active AND a.activity_type_id = %(type)s
                  AND a.automated AND n.company_id = ANY(%(companies)s)
                  AND (n.state != 'callback' OR n.user_id IS DISTINCT FROM a.user_id)
                  %(only)s
                ORDER BY a.id""",
            companies=companies.ids, type=callback.id, only=only))
        stale = self.sudo().browse(row[0] for row in stale)
        notes = {activity.res_id: activity.note for activity in stale if not is_html_empty(activity.note)}
        stale.unlink()
        # One create for all (crm_call_list's activity_schedule() would make one per number).
        model_id = self.env["ir.model"]._get_id("crm.call.list.number")
        vals_list = []
        for number in self.env["crm.call.list.number"].sudo().browse(row[0] for row in rows):
            values = number._call_list_callback_values(number.user_id, notes.get(number.id))
            vals_list.append(dict(values, res_model_id=model_id, res_id=number.id, activity_type_id=callback.id,
                                  automated=True, summary=values["summary"] or callback.summary,
                                  note=values["note"] or callback.default_note))
        return self._plan_create(vals_list)

    @api.model
    def _plan_chase_quotations(self, companies=None):
        """(b) Quotations to chase (as the chase list has them: open ones, and cancelled ones
        nobody gave a lost reason): one whose last follow-up (or, without
        one, its date) is older than its customer's tier's cadence, and that has no open
        *Chase the quotation* activity, gets one for its salesperson. A follow-up (a call
        with the customer, the activity marked done, a note) starts the cadence again."""
        companies = companies or self.env["res.company"].sudo().search([])
        cadences = []
        for company in companies:
            for tier, days in company._sales_panel_plan_chase_days().items():
                if days > 0:
                    # Whole days of the company's calendar: followed up on the local day
                    # D, chased again on D + days.
                    cadences.append(SQL("(%s, %s, %s::timestamp)", company.id, tier,
                                        company._sales_panel_period("day", offset=1 - days).utc_start))
        if not cadences:
            return self.browse()
        chase = self.env.ref(CHASE_TYPE)
        self._plan_flush()
        self.env["sale.order"].flush_model(["state", "company_id", "user_id", "company_tier", "last_followup_date",
                                            "date_order", "lost_reason_id"])
        rows = self.env.execute_query(SQL(
            """WITH cadence(company_id, tier, since) AS (VALUES %(cadences)s)
               SELECT o.id, o.user_id, o.company_id FROM sale_order o
                 JOIN cadence k ON k.company_id = o.company_id AND k.tier = coalesce(o.company_tier, 'none')
                 JOIN res_users u ON u.id = o.user_id AND u.active AND NOT u.share
                WHERE (o.state IN %(open)s OR (o.state = 'cancel' AND o.lost_reason_id IS NULL))
                  AND greatest(o.last_followup_date, o.date_order) < k.since
                  AND EXISTS (SELECT 1 FROM res_company_users_rel r WHERE r.user_id = u.id AND r.cid = o.company_id)
                  AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                   WHERE a.res_model = 'sale.order' AND a.res_id = o.id
                                     AND a.activity_type_id = %(type)s AND a.active)
                ORDER BY o.id""",
            cadences=SQL(", ").join(cadences), open=OPEN_STATES, type=chase.id))
        return self._plan_schedule("sale.order", rows, chase)

    @api.model
    def _plan_call_customers(self, companies=None):
        """(c) Customers not called: a customer (a company, or a person without one, that
        was quoted or invoiced, itself or one of its contacts) nobody has spoken to on the phone (an answered call
        with it or any of its contacts) for the company's number of days, gets a *Call the
        customer* activity for its salesperson, unless one is open or was done since."""
        companies = companies or self.env["res.company"].sudo().search([])
        quiet = []
        for company in companies:
            if company.sales_panel_plan_call_days > 0:
                since = company._sales_panel_period("day", offset=1 - company.sales_panel_plan_call_days)
                quiet.append(SQL("(%s, %s::timestamp, %s::date)", company.id, since.utc_start, since.start))
        if not quiet:
            return self.browse()
        call = self.env.ref(CALL_TYPE)
        self._plan_flush()
        self.env["res.partner"].flush_model(["active", "user_id", "company_id", "commercial_partner_id",
                                             "customer_rank"])
        self.env["crm.call"].flush_model(["partner_id", "start_date", "is_answered"])
        self.env["sale.order"].flush_model(["partner_id"])
        rows = self.env.execute_query(SQL(
            """WITH quiet(company_id, since, since_date) AS (VALUES %(quiet)s)
               SELECT p.id, p.user_id, k.company_id FROM res_partner p
                 JOIN res_users u ON u.id = p.user_id AND u.active AND NOT u.share
                 JOIN quiet k ON k.company_id = coalesce(p.company_id, u.company_id)
                WHERE p.active AND p.id = p.commercial_partner_id AND p.create_date < k.since
                  AND EXISTS (SELECT 1 FROM res_company_users_rel r WHERE r.user_id = u.id AND r.cid = k.company_id)
                  AND (EXISTS (SELECT 1 FROM res_partner m
                                WHERE m.commercial_partner_id = p.id AND m.customer_rank > 0)
                       OR EXISTS (SELECT 1 FROM res_partner m JOIN sale_order o ON o.partner_id = m.id
                                   WHERE m.commercial_partner_id = p.id))
                  AND NOT EXISTS (SELECT 1 FROM res_partner m JOIN crm_call c ON c.partner_id = m.id
                                   WHERE m.commercial_partner_id = p.id AND c.is_answered
                                     AND c.start_date >= k.since)
                  AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                   WHERE a.res_model = 'res.partner' AND a.res_id = p.id
                                     AND a.activity_type_id = %(type)s
                                     AND (a.active OR a.date_done >= k.since_date))
                ORDER BY p.id""",
            quiet=SQL(", ").join(quiet), type=call.id))
        return self._plan_schedule("res.partner", rows, call)
