import datetime
import threading

import psycopg2

from odoo import Command, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_sales_base.tests.common import outside_user

from .common import CallListCase


@tagged("post_install", "-at_install")
class TestNextCall(CallListCase):
    def next_number(self, agent):
        return self.env["crm.call.list.number"].with_user(agent)._call_list_next()

    def test_next_call_takes_numbers_of_the_teams_lists(self):
        numbers_a = self.numbers(self.list_a, 2)
        self.numbers(self.list_b, 2, start=100)
        taken = self.next_number(self.agent_a1)
        self.assertEqual(taken, numbers_a[0])
        self.assertEqual(taken.user_id, self.agent_a1)
        self.assertEqual(self.next_number(self.agent_a1), taken, "a number held and not called comes first")
        self.assertEqual(self.next_number(self.agent_a2), numbers_a[1])
        # Team B's list is not for team A.
        taken.write({"last_attempt_date": fields.Datetime.now()})
        self.assertFalse(self.next_number(self.agent_a1))
        action = self.env["crm.call.list.number"].with_user(self.agent_a1).action_next_call()
        self.assertEqual(action["tag"], "display_notification")

    def test_limit_of_numbers_held(self):
        numbers = self.numbers(self.list_a, 5)
        numbers[:3].write({"user_id": self.agent_a1.id, "last_attempt_date": fields.Datetime.now()})
        with self.assertRaisesRegex(UserError, "You hold 3 numbers"):
            self.next_number(self.agent_a1)
        with self.assertRaisesRegex(UserError, "may hold 3: assign at most 0"):
            numbers[3:].with_user(self.manager)._call_list_assign(self.agent_a1)
        numbers[3:].with_user(self.manager)._call_list_assign(self.agent_a2)
        self.assertEqual(numbers[3:].user_id, self.agent_a2)

    def test_limit_and_assignment_per_company(self):
        """Numbers of a company go to people of that company only; the limit is the one of
        the numbers' company, counted on that company's numbers."""
        company_2 = self.env["res.company"].create({"name": "Second company", "sales_panel_call_list_max_held": 2})
        list_2 = self.env["crm.call.list"].create({"name": "Second company's list", "company_id": company_2.id})
        numbers_2 = self.numbers(list_2, 3, start=200)
        self.numbers(self.list_a, 3).write({"user_id": self.agent_a1.id, "last_attempt_date": fields.Datetime.now()})
        self.manager.company_ids |= company_2
        manager = self.manager.with_context(allowed_company_ids=[self.env.company.id, company_2.id])
        with self.assertRaisesRegex(UserError, "does not work in Second company"):
            numbers_2[:1].with_user(manager)._call_list_assign(self.agent_a1)
        self.assertFalse(numbers_2.user_id)
        self.agent_a1.company_ids |= company_2
        # Three numbers held in the first company (its limit) do not count in the second.
        numbers_2[:2].with_user(manager)._call_list_assign(self.agent_a1)
        self.assertEqual(numbers_2[:2].user_id, self.agent_a1)
        with self.assertRaisesRegex(UserError, "holds 2 numbers and may hold 2"):
            numbers_2[2:].with_user(manager)._call_list_assign(self.agent_a1)

    def test_only_agents_take_numbers(self):
        self.numbers(self.list_a, 1)
        with self.assertRaises(AccessError):
            self.env["crm.call.list.number"].with_user(outside_user(self.env, "employee", "next")).action_next_call()

    def test_agent_who_left_gives_numbers_back(self):
        numbers = self.numbers(self.list_a, 2)
        numbers.write({"user_id": self.agent_a2.id, "assign_date": fields.Datetime.now()})
        self.agent_a2.active = False
        self.assertFalse(numbers.user_id)
        # The same by the hourly job, for a user archived some other way (SQL, an import).
        numbers.write({"user_id": self.agent_a2.id})
        self.assertEqual(self.env["crm.call.list.number"]._cron_release(), numbers)
        self.assertFalse(numbers.user_id)

    def test_numbers_not_called_released_at_end_of_day(self):
        numbers = self.numbers(self.list_a, 3)
        yesterday = fields.Datetime.now() - datetime.timedelta(days=1, hours=1)
        numbers.write({"user_id": self.agent_a1.id, "assign_date": yesterday})
        numbers[1].last_attempt_date = fields.Datetime.now()  # called today: kept
        numbers[2].assign_date = fields.Datetime.now()  # taken today: kept
        self.assertEqual(self.env["crm.call.list.number"]._cron_release(), numbers[0])
        self.env.company.sales_panel_call_list_release = False
        numbers[0].write({"user_id": self.agent_a1.id, "assign_date": yesterday})
        self.assertFalse(self.env["crm.call.list.number"]._cron_release(), "the company's setting")


@tagged("post_install", "-at_install")
class TestNextCallConcurrency(TransactionCase):
    """Two agents press "next call" at the same moment, in two transactions: never the same
    number. Committed data (each transaction sees only that), removed afterwards."""

    def test_two_agents_never_get_the_same_number(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            agents = [new_test_user(env, login=f"t_concurrent_{i}", groups="crm_sales_base.group_agent")
                      for i in range(2)]
            team = env["crm.team"].create({"name": "Concurrent team", "crm_team_member_ids": [
                Command.create({"user_id": agent.id}) for agent in agents]})
            call_list = env["crm.call.list"].create({"name": "Concurrent", "team_id": team.id})
            env["crm.call.list.number"].create([{"list_id": call_list.id, "number_raw": f"0912900000{i}"}
                                                for i in range(3)])
            ids = {"agents": [a.id for a in agents], "team": team.id, "list": call_list.id,
                   "partners": [a.partner_id.id for a in agents]}
            # Each transaction of the test sees committed rows only.
            cr.commit()  # pylint: disable=invalid-commit
        try:
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                got = []
                for cr, agent_id in zip((cr1, cr2), ids["agents"], strict=True):
                    env = api.Environment(cr, agent_id, {})
                    got.append(env["crm.call.list.number"]._call_list_next().id)
                # Both transactions are still open: the first one's number is locked, not committed.
                self.assertTrue(all(got))
                self.assertNotEqual(got[0], got[1])
                cr1.commit()  # pylint: disable=invalid-commit
                cr2.commit()  # pylint: disable=invalid-commit
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                held = env["crm.call.list.number"].search([("list_id", "=", ids["list"]), ("user_id", "!=", False)])
                self.assertEqual(sorted(held.user_id.ids), sorted(ids["agents"]))
        finally:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                env["crm.call.list"].browse(ids["list"]).unlink()
                env["crm.team"].browse(ids["team"]).unlink()
                users = env["res.users"].browse(ids["agents"])
                partners = users.partner_id
                users.unlink()
                partners.unlink()


@tagged("post_install", "-at_install")
class TestLimitConcurrency(TransactionCase):
    """One agent presses "next call" in two tabs at the same moment with a limit of one
    number: the second request waits for the first and never takes a second number.
    Committed data (each transaction sees only that), removed afterwards."""

    def test_same_agent_twice_at_once_keeps_the_limit(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            agent = new_test_user(env, login="t_concurrent_limit", groups="crm_sales_base.group_agent")
            company = agent.company_id
            team = env["crm.team"].create({"name": "Limit team", "crm_team_member_ids": [
                Command.create({"user_id": agent.id})]})
            call_list = env["crm.call.list"].create({"name": "Limit", "team_id": team.id})
            env["crm.call.list.number"].create([{"list_id": call_list.id, "number_raw": f"0912800000{i}"}
                                                for i in range(3)])
            ids = {"agent": agent.id, "team": team.id, "list": call_list.id, "company": company.id,
                   "limit": company.sales_panel_call_list_max_held, "partner": agent.partner_id.id}
            company.sales_panel_call_list_max_held = 1
            cr.commit()  # pylint: disable=invalid-commit
        try:
            second = {}
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                env1, env2 = (api.Environment(c, ids["agent"], {}) for c in (cr1, cr2))
                # Both requests have begun (their snapshots are taken) before either takes a number.
                env2["res.users"].browse(ids["agent"]).name  # noqa: B018
                first = env1["crm.call.list.number"]._call_list_next()

                def press_again():
                    # As a request does (odoo.service.model.retrying): a transaction PostgreSQL
                    # refuses is rolled back and run again.
                    for _attempt in range(2):
                        try:
                            with mute_logger("odoo.sql_db"):
                                second["id"] = env2["crm.call.list.number"]._call_list_next().id
                            return
                        except psycopg2.errors.SerializationFailure:
                            cr2.rollback()
                            second["retried"] = True

                thread = threading.Thread(target=press_again)
                thread.start()
                thread.join(2)
                waited = thread.is_alive()
                cr1.commit()  # pylint: disable=invalid-commit
                thread.join(60)
            self.assertTrue(waited, "the second request waits for the first")
            self.assertEqual(second, {"retried": True, "id": first.id},
                             "refused once, then the number held and not called yet comes again")
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                held = env["crm.call.list.number"].search([("list_id", "=", ids["list"]), ("user_id", "!=", False)])
                self.assertEqual(len(held), 1, "the limit: one number")
        finally:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                env["res.company"].browse(ids["company"]).sales_panel_call_list_max_held = ids["limit"]
                env["crm.call.list"].browse(ids["list"]).unlink()
                env["crm.team"].browse(ids["team"]).unlink()
                env["res.users"].browse(ids["agent"]).unlink()
                env["res.partner"].browse(ids["partner"]).unlink()


@tagged("post_install", "-at_install")
class TestBulk(CallListCase):
    def bulk(self, numbers, user=None, **values):
        wizard = self.env["crm.call.list.bulk"].with_user(user or self.manager).create(
            dict({"number_ids": [Command.set(numbers.ids)]}, **values))
        return wizard.action_apply()

    def test_managers_bulk_actions(self):
        numbers = self.numbers(self.list_a, 3)
        self.bulk(numbers[:2], action="assign", user_id=self.agent_a2.id)
        self.assertEqual(numbers[:2].user_id, self.agent_a2)
        self.bulk(numbers[:2], action="release")
        self.assertFalse(numbers.user_id)
        other = self.env["crm.call.list.category"].create({"name": "Former customers"})
        self.bulk(numbers, action="category", category_id=other.id)
        self.assertEqual(numbers.category_id, other)
        self.bulk(numbers[2], action="delete")
        self.assertFalse(numbers[2].exists())

    def test_only_managers(self):
        numbers = self.numbers(self.list_a, 1)
        with self.assertRaises(AccessError):
            self.bulk(numbers, user=self.sup_a, action="release")
