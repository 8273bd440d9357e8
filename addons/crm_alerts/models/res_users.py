import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.crm_voip_bridge.models.sales_panel_figure import CALL_FIGURES

CHASE_ROWS = 10
OVERDUE_ROWS = 10
MARKETER_DAYS = 7


class ResUsers(models.Model):
    _inherit = "res.users"

    # Entry points of the top bar and the agent home. They live on res.users, a model the
    # quotation task guard always lets through: a blocked agent still sees their alerts.

    @api.model
    def sales_panel_alerts(self):
        """The current user's alerts showing now, checked afresh for them. The top bar asks
        for every internal user: those no rule speaks to (an accountant) get none, and
        nobody gets anyone else's. Portal users have no top bar."""
        user = self.env.user
        if user.share:
            raise AccessError(_("Alerts are for internal users."))
        rules = self.env["crm.alert.rule"].sudo().search([])
        rules._sales_panel_evaluate(users=user)
        day = user.company_id._sales_panel_today()
        # As superuser on the user's own results only: a rule may speak to users who have
        # no right on alert results (a group of the rule that is no Sales Panel role).
        results = self.env["crm.alert.result"].sudo().search([
            ("user_id", "=", user.id), ("date", "=", day), ("is_on", "=", True), ("rule_id.active", "=", True),
            ("company_id", "in", self.env.companies.ids)])
        return results._sales_panel_format()

    def _sales_panel_home_action_id(self):
        """The home action of the web client: the user's own if set, else the agent home for
        agents and marketers (managers, who see everyone's alerts, keep Odoo's). The home
        shows the day's calls beside the alerts: without the calls section it would refuse
        them (sales_panel_home), Odoo's home is theirs."""
        self.ensure_one()
        if self.action_id or self.has_group("crm_sales_base.group_section_alerts_all") or not (
                self.has_group("crm_sales_base.group_section_alerts")
                and self.has_group("crm_sales_base.group_section_calls")):
            return self.action_id.id
        return self.env.ref("crm_alerts.action_agent_home").id

    @api.model
    def sales_panel_home(self):
        """Everything the agent home shows, in one call: agents' and marketers' own figures."""
        user = self.env.user
        if not user.has_group("crm_sales_base.group_section_alerts"):
            raise AccessError(_("The agent home is for agents and marketers."))
        company = user.company_id
        period = company._sales_panel_period("day")
        today = period.start
        # The user's own calls, through their record rules; the statistics' names.
        figures = self.env["sales.panel.figure"]._sales_panel_values(
            set(CALL_FIGURES), period.utc_start, period.utc_stop, user, company)
        stats = {key or code: figures[code].get(user.id, 0) for code, key in CALL_FIGURES.items()}
        # Who does not sell (no quotations section: the shipped Marketer role) gets the
        # marketer's home, as the alert rules' default audience leaves them out.
        is_marketer = not user.has_group("crm_sales_base.group_section_quotations")
        # The alerts (and the average's colour) come from the top bar's service, which checks
        # them once per page load; each variant gets only the figures it shows.
        home = {
            "is_marketer": is_marketer,
            "currency_id": company.currency_id.id,
            "today": stats,
            "overdue": self._sales_panel_home_overdue(today),
        }
        if is_marketer:
            home["days"] = self._sales_panel_home_days(company, today)
            home["today"]["new_contacts"] = home["days"][0]["new_contacts"]  # the first day is today
        else:
            home.update(targets=self._sales_panel_target_progress(company, today),
                        chase=self._sales_panel_home_chase())
        return home

    def _sales_panel_new_contacts(self, company, date_from, date_to):
        """{local day: contacts the current user added} from ``date_from`` to ``date_to``,
        as the figure "contacts added" counts them."""
        tz_name = company._sales_panel_calendar()[0]
        days = company._sales_panel_days(date_from, date_to + datetime.timedelta(days=1))
        domain = [*self.env["sales.panel.figure"]._sales_panel_contacts_domain(days.utc_start, days.utc_stop, company),
                  ("create_uid", "=", self.env.uid)]
        groups = self.env["res.partner"].with_context(tz=tz_name, active_test=False)._read_group(
            domain, ["create_date:day"], ["__count"])
        return {day.date() if isinstance(day, datetime.datetime) else day: count for day, count in groups}

    def _sales_panel_target_progress(self, company, today):
        user = self.env.user
        targets = self.env["crm.sales.target"]._sales_panel_targets(user, today, company)[user.id]
        progress = {}
        for kind, prefix in (("week", "weekly"), ("month", "monthly")):
            period = company._sales_panel_period(kind, today)
            # Every confirmed quotation of the agent's, also of customers they no longer see.
            sales = self.env["sales.panel.figure"].sudo()._sales_panel_values(
                {"sales_count", "sales_amount"}, period.utc_start, period.utc_stop, user, company)
            count, amount = sales["sales_count"].get(user.id, 0), sales["sales_amount"].get(user.id, 0.0)
            progress[kind] = {
                "date_from": fields.Date.to_string(period.start),
                "date_to": fields.Date.to_string(period.stop - datetime.timedelta(days=1)),
                "count": count, "count_target": targets[f"{prefix}_count"] or 0,
                "amount": amount, "amount_target": targets[f"{prefix}_amount"] or 0,
                "amount_gap": max((targets[f"{prefix}_amount"] or 0) - amount, 0),
            }
        return progress

    def _sales_panel_home_chase(self):
        Order = self.env["sale.order"]
        domain = Order._sales_panel_chase_domain()
        orders = Order.search(domain, limit=CHASE_ROWS, order="amount_total desc, id")
        tiers = dict(Order._fields["company_tier"]._description_selection(self.env))
        return {
            "count": Order.search_count(domain),
            "rows": [{
                "id": order.id, "name": order.name,
                # As the quotation list shows it: a customer's name, even one of another book.
                "customer": order.partner_id.sudo().commercial_partner_id.display_name,
                "date": fields.Datetime.to_string(order.date_order), "state": order.state,
                "state_label": dict(order._fields["state"]._description_selection(self.env))[order.state],
                "amount": order.amount_total, "currency_id": order.currency_id.id,
                "decoration": order.amount_decoration or "", "level": order.amount_level,
                "followups": order.followup_count,
                "tier": order.company_tier or order.partner_tier or "none",
                "tier_label": tiers.get(order.company_tier or order.partner_tier, ""),
                "next_activity": order.activity_date_deadline and fields.Date.to_string(order.activity_date_deadline),
            } for order in orders],
        }

    def _sales_panel_home_overdue(self, today):
        Activity = self.env["mail.activity"]
        domain = self.env["sales.panel.figure"]._sales_panel_overdue_domain(self.env.user, today)
        activities = Activity.search(domain, limit=OVERDUE_ROWS, order="date_deadline, id")
        return {
            # Counted by the database: the user's own tasks, which mail.activity's _search
            # lets its user see without the check of each one it makes otherwise (thousands
            # of overdue tasks read into Python for a number).
            "count": Activity.sudo().search_count(domain),
            "rows": [{
                "id": activity.id, "summary": activity.summary or activity.activity_type_id.name or "",
                "record": activity.res_name or "", "res_model": activity.res_model, "res_id": activity.res_id,
                "date": fields.Date.to_string(activity.date_deadline),
            } for activity in activities],
        }

    def _sales_panel_home_days(self, company, today):
        """Marketers' figures (F10) of the last days: calls, successful calls, new contacts."""
        user = self.env.user
        date_from = today - datetime.timedelta(days=MARKETER_DAYS - 1)
        stats = self.env["crm.call"].with_company(company)._sales_panel_stats(
            date_from, today, [user.id], by_day=True)
        contacts = self._sales_panel_new_contacts(company, date_from, today)
        days = []
        for offset in range(MARKETER_DAYS):
            day = today - datetime.timedelta(days=offset)
            row = stats.get((user.id, day), {})
            days.append({"date": fields.Date.to_string(day),
                         "calls": row.get("incoming", 0) + row.get("outgoing", 0),
                         "successful": row.get("successful", 0),
                         "new_contacts": contacts.get(day, 0)})
        return days
