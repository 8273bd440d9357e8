from collections import defaultdict

from odoo import _, api, models

# Figures of the calls of call lists (crm.call.list.attempt), one per outcome besides.
FIXED = ("call_list_dialled", "call_list_reached", "call_list_talk_minutes")
OUTCOME_PREFIX = "call_list_outcome_"


class SalesPanelFigure(models.AbstractModel):
    """Call list figures: numbers dialled (each call to a number of a list, through the PBX
    or by hand), reached, each outcome, and the talk minutes of their call records."""

    _inherit = "sales.panel.figure"

    @api.model
    def _sales_panel_figure_list(self):
        outcomes = self.env["crm.call.list.outcome"].sudo().with_context(active_test=False).search([])
        return super()._sales_panel_figure_list() + [
            ("call_list_dialled", _("Call lists: numbers dialled"), "count"),
            ("call_list_reached", _("Call lists: people reached"), "count"),
            ("call_list_talk_minutes", _("Call lists: talk minutes"), "minutes"),
        ] + [(f"{OUTCOME_PREFIX}{outcome.id}", self.env._("Call lists: %(outcome)s", outcome=outcome.name), "count")
             for outcome in outcomes]

    @api.model
    def _sales_panel_values(self, codes, utc_start, utc_stop, users, company):
        mine = {code for code in codes if code in FIXED or code.startswith(OUTCOME_PREFIX)}
        rest = set(codes) - mine
        result = super()._sales_panel_values(rest, utc_start, utc_stop, users, company) if rest else {}
        if not mine:
            return result
        groups = self.env["crm.call.list.attempt"]._read_group(
            [("date", ">=", utc_start), ("date", "<", utc_stop), ("user_id", "in", users.ids),
             ("company_id", "in", company.ids)],
            ["user_id", "outcome_id", "reached"], ["__count", "talk_seconds:sum"])
        values = {code: defaultdict(int) for code in mine}
        for user, outcome, reached, count, talk in groups:
            for code, value in (("call_list_dialled", count), ("call_list_reached", count if reached else 0),
                                ("call_list_talk_minutes", (talk or 0) / 60),
                                (f"{OUTCOME_PREFIX}{outcome.id}" if outcome else None, count)):
                if code in values and value:
                    values[code][user.id] += value
        result.update({code: dict(by_user) for code, by_user in values.items()})
        return result
