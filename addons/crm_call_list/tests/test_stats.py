from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_sales_base.tests.common import FigureMixin

from .common import CallListCase


@tagged("post_install", "-at_install")
class TestStats(CallListCase, FigureMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_calendar(cls.env.company)
        numbers = cls.numbers(cls.list_a, 4)
        Attempt = cls.env["crm.call.list.attempt"]
        call = cls.env["crm.call"].create({
            "linkedid": "st-1", "direction": "outgoing", "disposition": "answered", "user_id": cls.agent_a1.id,
            "number_e164": numbers[0].number_e164, "start_date": cls.utc("2026-11-21 10:00"), "talk_seconds": 180})
        cls.day = fields.Date.to_date("2026-11-21")
        for number, user, outcome, when, call_id in (
            (numbers[0], cls.agent_a1, cls.not_interested, "2026-11-21 10:00", call.id),
            (numbers[1], cls.agent_a1, cls.no_answer, "2026-11-21 11:00", False),
            (numbers[2], cls.agent_a2, cls.call_later, "2026-11-21 23:30", False),  # local day: the 21st
            (numbers[3], cls.agent_a2, cls.customer, "2026-11-22 09:00", False),
        ):
            Attempt.create({"number_id": number.id, "user_id": user.id, "outcome_id": outcome.id,
                            "date": cls.utc(when), "call_id": call_id})

    def test_figures_layer(self):
        period = self.env.company._sales_panel_period("day", self.day)
        codes = ["call_list_dialled", "call_list_reached", "call_list_talk_minutes",
                 f"call_list_outcome_{self.no_answer.id}", f"call_list_outcome_{self.call_later.id}"]
        values = self.figure_values(codes, period, self.agent_a1 | self.agent_a2)
        self.assertEqual(values, {
            "call_list_dialled": {self.agent_a1.id: 2, self.agent_a2.id: 1},
            "call_list_reached": {self.agent_a1.id: 1, self.agent_a2.id: 1},
            "call_list_talk_minutes": {self.agent_a1.id: 3.0},
            f"call_list_outcome_{self.no_answer.id}": {self.agent_a1.id: 1},
            f"call_list_outcome_{self.call_later.id}": {self.agent_a2.id: 1},
        })
        labels = dict((code, label) for code, label, _unit in self.env["sales.panel.figure"]._sales_panel_figure_list())
        self.assertEqual(labels[f"call_list_outcome_{self.call_later.id}"], "Call lists: Call later")
        # In the reader's language (the labels of outcomes are made in a comprehension).
        self.env["res.lang"]._activate_lang("fa_IR")
        Figure = self.env["sales.panel.figure"].with_context(lang="fa_IR")
        labels = dict((code, label) for code, label, _unit in Figure._sales_panel_figure_list())
        self.assertTrue(labels[f"call_list_outcome_{self.call_later.id}"].startswith("فهرست‌های تماس: "))

    def test_day_side_by_side_then_an_agents_month(self):
        stats = self.env["crm.call.list.stats"].with_user(self.sup_a).create({"day": self.day})
        rows = {line.user_id: (line.dialled, line.reached, line.talk_minutes, line.outcomes) for line in stats.line_ids}
        self.assertEqual(rows[self.agent_a1], (2, 1, 3.0, "No answer: 1 · Not interested: 1"))
        self.assertEqual(rows[self.agent_a2], (1, 1, 0.0, "Call later: 1"))
        self.assertNotIn(self.agent_b1, rows, "team B is not the supervisor's")
        line = stats.line_ids.filtered(lambda row: row.user_id == self.agent_a2)
        action = line.action_open_month()
        month = self.env["crm.call.list.stats"].with_user(self.sup_a).browse(action["res_id"])
        days = {row.day: row.dialled for row in month.line_ids if row.dialled}
        self.assertEqual(days, {self.day: 1, fields.Date.to_date("2026-11-22"): 1})
        self.assertEqual(len(month.line_ids), 30, "every day of the month (November)")

    def test_agent_sees_own_figures_only(self):
        stats = self.env["crm.call.list.stats"].with_user(self.agent_a1).create({"day": self.day})
        self.assertEqual(stats.line_ids.user_id, self.agent_a1)
        with self.assertRaises(AccessError):
            self.env["crm.call.list.stats"].with_user(self.agent_a1).create({"day": self.day,
                                                                             "user_id": self.agent_a2.id})
