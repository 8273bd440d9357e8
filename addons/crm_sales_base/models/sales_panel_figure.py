import datetime
from collections import defaultdict

from odoo import _, api, models

from ..lib import calendar

TIERS = ("gold", "silver", "bronze")


class SalesPanelFigure(models.AbstractModel):
    """The figures of the suite, one definition each, for everyone at once.

    Alerts, the agent home, the manager report and the scores read their figures here
    instead of counting on their own. Each addon adds the figures of the data it owns: it
    extends ``_sales_panel_figure_list()`` and ``_sales_panel_values()``, computes its own
    codes with grouped queries and hands the others to ``super()``.

    Figures are read with the rights of the environment: record rules apply to a user,
    ``sudo()`` counts everyone's (alerts, scores)."""

    _name = "sales.panel.figure"
    _description = "Sales Panel figures"

    @api.model
    def _sales_panel_figure_list(self):
        """``[(code, label, unit)]`` of every figure; ``unit`` is ``count``, ``amount`` (in
        the company's currency) or ``minutes``."""
        return [
            ("contacts_added", _("Contacts added"), "count"),
            ("contacts_added_gold", _("Gold contacts added"), "count"),
            ("contacts_added_silver", _("Silver contacts added"), "count"),
            ("contacts_added_bronze", _("Bronze contacts added"), "count"),
            ("contacts_added_gold_silver", _("Gold and silver contacts added"), "count"),
            ("sales_count", _("Confirmed quotations"), "count"),
            ("sales_amount", _("Sales amount"), "amount"),
        ]

    @api.model
    def _sales_panel_values(self, codes, utc_start, utc_stop, users, company):
        """``{code: {user_id: value}}`` of the figures ``codes`` of ``users`` from
        ``utc_start`` to ``utc_stop`` (naive UTC, stop excluded; a period of
        ``res.company._sales_panel_period()`` gives them) in ``company`` (a recordset; with
        several, amounts are in the first one's currency). Agents without any are left out:
        their value is 0 (None for an average). Figures of a moment rather than a range
        (overdue tasks, quotations without a task) are those at ``utc_stop``.

        Extended by each addon owning figures; here, the figures of contacts and sales."""
        codes = set(codes)
        known = {code for code, _label, _unit in self._sales_panel_figure_list()}
        if codes - known:
            raise ValueError(f"Unknown figures: {', '.join(sorted(codes - known))}")
        result = {}
        contacts = {code for code in codes if code.startswith("contacts_added")}
        if contacts:
            result.update(self._sales_panel_contact_values(contacts, utc_start, utc_stop, users, company))
        if codes & {"sales_count", "sales_amount"}:
            result.update(self._sales_panel_sales_values(codes, utc_start, utc_stop, users, company))
        unhandled = codes - set(result)
        if unhandled:
            # Known but computed by nobody: an addon lists a figure it does not provide.
            raise ValueError(f"Figures without a provider: {', '.join(sorted(unhandled))}")
        return result

    @api.model
    def _sales_panel_own(self, codes, own):
        """The part of ``codes`` an override computes, and the rest for ``super()``."""
        codes = set(codes)
        return codes & set(own), codes - set(own)

    # Contacts -----------------------------------------------------------------------------

    @api.model
    def _sales_panel_contacts_domain(self, utc_start, utc_stop, company):
        """Contacts added in the range (archived ones too) in these companies or shared:
        counted for their creator, by their tier."""
        return [("create_date", ">=", utc_start), ("create_date", "<", utc_stop), ("create_uid", "!=", False),
                ("company_id", "in", [*company.ids, False])]

    @api.model
    def _sales_panel_contact_values(self, codes, utc_start, utc_stop, users, company):
        domain = [*self._sales_panel_contacts_domain(utc_start, utc_stop, company), ("create_uid", "in", users.ids)]
        groups = self.env["res.partner"].with_context(active_test=False)._read_group(
            domain, ["create_uid", "tier"], ["__count"])
        values = {code: defaultdict(int) for code in codes}
        for user, tier, count in groups:
            for code in self._sales_panel_contact_codes(tier):
                if code in values:
                    values[code][user.id] += count
        return {code: dict(by_user) for code, by_user in values.items()}

    @api.model
    def _sales_panel_contact_codes(self, tier):
        """Codes of the contact figures a contact of ``tier`` counts in."""
        codes = ["contacts_added"]
        if tier in TIERS:
            codes.append(f"contacts_added_{tier}")
        if tier in ("gold", "silver"):
            codes.append("contacts_added_gold_silver")
        return codes

    # Sales --------------------------------------------------------------------------------

    @api.model
    def _sales_panel_sales_domain(self, utc_start, utc_stop, company):
        """Confirmed quotations of the range: a confirmed quotation is a successful order,
        counted on the day it was confirmed (its order date)."""
        return [("state", "=", "sale"), ("company_id", "in", company.ids),
                ("date_order", ">=", utc_start), ("date_order", "<", utc_stop)]

    @api.model
    def _sales_panel_amount(self, amount, currency, company, utc_stop):
        """``amount`` of ``currency`` in the company's currency, at the rate of the range's
        last day (today's for a range not over yet)."""
        target = company[:1].currency_id
        if not currency or currency == target:
            return amount
        tz_name = company[:1]._sales_panel_calendar()[0]
        # The stop is excluded: the last day is the one holding the moment just before it.
        last_day = calendar.to_local(utc_stop - datetime.timedelta(microseconds=1), tz_name).date()
        return currency._convert(amount, target, company[:1], min(last_day, company[:1]._sales_panel_today()))

    @api.model
    def _sales_panel_sales_values(self, codes, utc_start, utc_stop, users, company):
        domain = [*self._sales_panel_sales_domain(utc_start, utc_stop, company), ("user_id", "in", users.ids)]
        groups = self.env["sale.order"]._read_group(
            domain, ["user_id", "currency_id"], ["__count", "amount_total:sum"])
        count, amount = defaultdict(int), defaultdict(float)
        for user, currency, number, total in groups:
            count[user.id] += number
            amount[user.id] += self._sales_panel_amount(total, currency, company, utc_stop)
        return {code: dict(values) for code, values in (("sales_count", count), ("sales_amount", amount))
                if code in codes}
