from collections import defaultdict

from odoo import _, api, models

# Figure code: key of crm.call._sales_panel_stats() it reads (calls: incoming + outgoing).
CALL_FIGURES = {
    "calls": None,
    "calls_incoming": "incoming",
    "calls_outgoing": "outgoing",
    "calls_missed": "missed",
    "calls_answered": "answered",
    "calls_successful": "successful",
    "talk_minutes": "talk_minutes",
    "avg_talk_minutes": "avg_talk_minutes",
}


class SalesPanelFigure(models.AbstractModel):
    """Call figures: the calls statistics service (crm_call_stats.py, its SQL in
    crm_call_day.py ``figures()``), whose definitions they are: answered is a call with
    talk time, successful one of at least the company's successful-call seconds."""

    _inherit = "sales.panel.figure"

    @api.model
    def _sales_panel_figure_list(self):
        return super()._sales_panel_figure_list() + [
            ("calls", _("Calls"), "count"),
            ("calls_incoming", _("Incoming calls"), "count"),
            ("calls_outgoing", _("Outgoing calls"), "count"),
            ("calls_missed", _("Missed calls"), "count"),
            ("calls_answered", _("Answered calls"), "count"),
            ("calls_successful", _("Successful calls"), "count"),
            ("talk_minutes", _("Talk minutes"), "minutes"),
            ("avg_talk_minutes", _("Average talk minutes per answered call"), "minutes"),
        ]

    @api.model
    def _sales_panel_values(self, codes, utc_start, utc_stop, users, company):
        mine, rest = self._sales_panel_own(codes, CALL_FIGURES)
        result = super()._sales_panel_values(rest, utc_start, utc_stop, users, company) if rest else {}
        if mine:
            # The calls of these companies only, in the calendar of the first.
            stats = self.env["crm.call"].with_context(allowed_company_ids=company.ids)._sales_panel_range_stats(
                utc_start, utc_stop, users.ids)
            values = {code: defaultdict(int) for code in mine}
            for user_id, row in stats.items():
                for code in mine:
                    key = CALL_FIGURES[code]
                    if code == "calls":
                        values[code][user_id] = row["incoming"] + row["outgoing"]
                    elif code != "avg_talk_minutes" or row["answered"]:
                        # No answered call, no average (rather than an average of 0).
                        values[code][user_id] = row[key]
            result.update({code: dict(by_user) for code, by_user in values.items()})
        return result
