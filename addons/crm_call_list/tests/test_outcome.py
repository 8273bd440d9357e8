import datetime

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CallListCase


@tagged("post_install", "-at_install")
class TestOutcome(CallListCase):
    def setUp(self):
        super().setUp()
        self.number = self.numbers(self.list_a, 1, start=7)
        self.number.write({"user_id": self.agent_a1.id, "assign_date": fields.Datetime.now()})

    def set_outcome(self, outcome, user=None, **values):
        wizard = self.env["crm.call.list.outcome.wizard"].with_user(user or self.agent_a1).create(
            dict({"number_id": self.number.id, "outcome_id": outcome.id}, **values))
        return wizard.action_confirm()

    def test_call_later_plans_a_call_back_and_brings_the_number_back(self):
        later = fields.Datetime.now() + datetime.timedelta(days=1)
        with self.assertRaisesRegex(UserError, "give the date and time"):
            self.set_outcome(self.call_later)
        self.set_outcome(self.call_later, callback_date=later, note="After the holidays")
        self.assertEqual((self.number.state, self.number.callback_date, self.number.user_id),
                         ("callback", later, self.agent_a1))
        activity = self.number.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.activity_type_id), (self.agent_a1,
                         self.env.ref("mail.mail_activity_data_call")))
        self.assertEqual(activity.date_deadline, fields.Datetime.context_timestamp(
            self.number.with_user(self.agent_a1), later).date())
        other = self.numbers(self.list_a, 1, start=50)
        Number = self.env["crm.call.list.number"].with_user(self.agent_a1)
        self.assertEqual(Number._call_list_next(), other, "not due yet: a new number")
        other.last_attempt_date = fields.Datetime.now()
        self.number.callback_date = fields.Datetime.now() - datetime.timedelta(minutes=1)
        self.assertEqual(Number._call_list_next(), self.number, "the call-back is due: it comes first")
        self.set_outcome(self.not_interested)
        self.assertEqual(self.number.state, "done")
        self.assertFalse(self.number.activity_ids, "the call-back is done")
        self.assertEqual(self.number.attempt_ids.mapped("outcome_id"), self.not_interested | self.call_later)

    def test_not_reached_goes_back_to_the_pool(self):
        self.set_outcome(self.no_answer)
        self.assertEqual((self.number.state, self.number.user_id.id, self.number.attempt_count), ("open", False, 1))
        self.assertFalse(self.number.attempt_ids.reached)

    def test_becomes_a_customer(self):
        self.number.name = "Reza Karimi"
        self.set_outcome(self.customer)
        self.assertEqual(self.number.state, "done")
        partner = self.number.partner_id
        self.assertEqual((partner.name, partner.mobile, partner.user_id), ("Reza Karimi", "+989120000007",
                                                                          self.agent_a1))
        self.assertTrue(self.number.attempt_ids.reached)

    def test_outcome_only_on_own_numbers(self):
        with self.assertRaises(AccessError):
            self.set_outcome(self.no_answer, user=self.agent_a2)
        # The supervisor sees the number (their team's) but does not hold it.
        with self.assertRaises(AccessError):
            self.set_outcome(self.no_answer, user=self.sup_a)
        self.set_outcome(self.no_answer, user=self.manager)
        self.assertEqual(self.number.attempt_ids.user_id, self.agent_a1, "counted for the agent who held it")

    def test_outcome_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other company"})
        foreign = self.no_answer.copy({"company_id": other.id})
        with self.assertRaises(UserError):
            self.set_outcome(foreign)
        self.assertFalse(self.number.attempt_ids, "nothing counted")
        # An agent who works in both companies (so reading the outcome is no obstacle) is
        # refused by the company check itself.
        self.agent_a1.company_ids = [Command.link(other.id)]
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.set_outcome(foreign)
        self.assertFalse(self.number.attempt_ids, "nothing counted")

    def test_call_through_the_pbx_counts_and_gets_the_outcome(self):
        call = self.env["crm.call"].create({
            "linkedid": "cl-1", "direction": "outgoing", "disposition": "answered", "user_id": self.agent_a1.id,
            "team_id": self.team_a.id, "number_raw": "09120000007", "number_e164": "+989120000007",
            "start_date": fields.Datetime.now(), "talk_seconds": 150})
        call._sales_panel_on_call_ended()
        call._sales_panel_on_call_ended()  # a second sync of the same call counts once
        self.assertEqual(self.number.attempt_count, 1)
        attempt = self.number.attempt_ids
        self.assertEqual((attempt.call_id, attempt.talk_seconds, attempt.reached), (call, 150, True))
        self.set_outcome(self.not_interested)
        self.assertEqual(self.number.attempt_ids, attempt, "the call's attempt gets the outcome")
        self.assertEqual(attempt.outcome_id, self.not_interested)

    def test_call_clicked_on_the_number(self):
        """Click-to-call from the number (crm.pbx.originate remembers it): the call is the
        number's even when the agent holds the same number twice in two lists."""
        self.agent_a1.pbx_extension = "101"
        server = self.env["crm.pbx.server"].create({"name": "PBX", "host": "127.0.0.1"})
        call = self.env["crm.call"].create({
            "linkedid": "cl-2", "direction": "outgoing", "disposition": "no_answer", "user_id": self.agent_a1.id,
            "number_raw": "09120000007", "number_e164": "+989120000007", "start_date": fields.Datetime.now()})
        self.env["crm.pbx.originate"].create({
            "user_id": self.agent_a1.id, "server_id": server.id, "extension": "101", "number": "09120000007",
            "dial_number": "09120000007", "res_model": "crm.call.list.number", "res_id": self.number.id,
            "call_id": call.id})
        call._sales_panel_on_call_ended()
        self.assertEqual(self.number.attempt_ids.call_id, call)
        self.assertFalse(self.number.attempt_ids.reached)
