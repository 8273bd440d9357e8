from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CallListCase

TOUR_TIMEOUT = 180


@tagged("post_install", "-at_install")
class TestTours(HttpCase, CallListCase):
    """Next call and the outcome at a phone's width (375x667), in the web client."""

    browser_size = "375x667"

    def setUp(self):
        super().setUp()
        self.agent_a1.lang = "fa_IR"
        Number = self.env["crm.call.list.number"]
        self.first = Number.create({"list_id": self.list_a.id, "name": "Parisa Sadeghi",
                                    "number_raw": "09120000021", "sequence": 1})
        self.second = Number.create({"list_id": self.list_a.id, "name": "Kaveh Nouri",
                                     "number_raw": "09120000022", "sequence": 2})

    def test_tour_next_call_and_call_later(self):
        self.start_tour("/odoo/action-crm_call_list.action_call_list_next_call", "crm_call_list_next_call",
                        login="t_agent_a1", timeout=TOUR_TIMEOUT)
        self.assertEqual((self.first.state, self.first.user_id, self.first.outcome_id),
                         ("callback", self.agent_a1, self.call_later))
        self.assertEqual(self.first.callback_date.year, 2099)
        self.assertEqual(self.first.activity_ids.user_id, self.agent_a1)
        self.assertEqual(self.first.attempt_ids.note, "After the holidays")

    def test_tour_no_answer_back_to_the_pool(self):
        self.first.write({"user_id": self.agent_a1.id, "state": "callback", "outcome_id": self.call_later.id,
                          "callback_date": fields.Datetime.to_datetime("2099-01-05 07:00:00")})
        self.start_tour("/odoo/action-crm_call_list.action_call_list_next_call", "crm_call_list_no_answer",
                        login="t_agent_a1", timeout=TOUR_TIMEOUT)
        self.assertEqual((self.second.state, self.second.user_id.id, self.second.outcome_id),
                         ("open", False, self.no_answer))
        self.assertEqual(self.second.attempt_ids.user_id, self.agent_a1)
