import datetime

from odoo import _, api, models

from odoo.addons.crm_sales_base.lib import calendar

from .sale_order import OPEN_STATES

QUOTATION_FIGURES = ("quotations_sent", "quotations_without_task", "followups", "tasks_done", "tasks_overdue")


class SalesPanelFigure(models.AbstractModel):
    """Figures of quotations, their follow-ups and the agents' tasks."""

    _inherit = "sales.panel.figure"

    @api.model
    def _sales_panel_figure_list(self):
        return super()._sales_panel_figure_list() + [
            ("quotations_sent", _("Quotations sent"), "count"),
            ("quotations_without_task", _("Open quotations without a task"), "count"),
            ("followups", _("Quotation follow-ups"), "count"),
            ("tasks_done", _("Tasks done"), "count"),
            ("tasks_overdue", _("Overdue tasks"), "count"),
        ]

    @api.model
    def _sales_panel_values(self, codes, utc_start, utc_stop, users, company):
        mine, rest = self._sales_panel_own(codes, QUOTATION_FIGURES)
        result = super()._sales_panel_values(rest, utc_start, utc_stop, users, company) if rest else {}
        for code in mine:
            result[code] = getattr(self, f"_sales_panel_{code}")(utc_start, utc_stop, users, company)
        return result

    @api.model
    def _sales_panel_count(self, model, domain, groupby="user_id"):
        return {record.id: count for record, count in self.env[model]._read_group(domain, [groupby], ["__count"])}

    @api.model
    def _sales_panel_quotations_sent_domain(self, utc_start, utc_stop, company):
        """Quotations made (created) in the range, whatever became of them, counted for
        their salesperson."""
        return [("company_id", "in", company.ids), ("create_date", ">=", utc_start), ("create_date", "<", utc_stop)]

    @api.model
    def _sales_panel_quotations_sent(self, utc_start, utc_stop, users, company):
        return self._sales_panel_count("sale.order", [
            *self._sales_panel_quotations_sent_domain(utc_start, utc_stop, company), ("user_id", "in", users.ids)])

    @api.model
    def _sales_panel_quotations_without_task(self, utc_start, utc_stop, users, company):
        """Open quotations that had no open activity at ``utc_stop`` and were made more than
        the grace period before it (they block their agent, F13). Counted on the open
        activities of now: a task done is no longer an activity."""
        since = utc_stop - datetime.timedelta(minutes=company[:1].sales_panel_task_grace_minutes)
        return self._sales_panel_count("sale.order", [
            ("user_id", "in", users.ids), ("company_id", "in", company.ids), ("state", "in", OPEN_STATES),
            ("create_date", "<=", since), ("activity_ids", "=", False)])

    @api.model
    def _sales_panel_followups(self, utc_start, utc_stop, users, company):
        """Follow-ups of quotations (a call with the customer, a done activity on the
        quotation, a note) logged in the range, by whoever did them."""
        return self._sales_panel_count("sale.order.followup", [
            ("user_id", "in", users.ids), ("company_id", "in", company.ids),
            ("date", ">=", utc_start), ("date", "<", utc_stop)])

    @api.model
    def _sales_panel_tasks_done(self, utc_start, utc_stop, users, company):
        """Activities marked done in the range, by whoever marked them: the message Odoo
        posts for each (a done activity is no longer an activity)."""
        by_partner = self._sales_panel_count("mail.message", [
            ("mail_activity_type_id", "!=", False), ("author_id", "in", users.partner_id.ids),
            ("date", ">=", utc_start), ("date", "<", utc_stop)], groupby="author_id")
        return {user.id: by_partner[user.partner_id.id] for user in users if user.partner_id.id in by_partner}

    @api.model
    def _sales_panel_overdue_domain(self, users, day):
        """Open activities of ``users`` due before the local ``day``: overdue on that day."""
        return [("user_id", "in", users.ids), ("date_deadline", "<", day)]

    @api.model
    def _sales_panel_tasks_overdue(self, utc_start, utc_stop, users, company):
        """Activities overdue at ``utc_stop`` (now, for a range ending now): due before its
        local day. Counted on the open activities of now: a task done is no longer one."""
        day = calendar.to_local(utc_stop, company[:1]._sales_panel_calendar()[0]).date()
        return self._sales_panel_count("mail.activity", self._sales_panel_overdue_domain(users, day))
