import datetime

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AlertCase

ALL_DAYS = dict.fromkeys(("day_sat", "day_sun", "day_mon", "day_tue", "day_wed", "day_thu", "day_fri"), True)


@tagged("post_install", "-at_install")
class TestAlertsTour(HttpCase, AlertCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        low = cls.env.ref("crm_alerts.rule_f2_avg_talk_low")
        good = cls.env.ref("crm_alerts.rule_f2_avg_talk_good")
        banner = cls.env.ref("crm_alerts.rule_f13_overdue_tasks")
        (low | good | banner).write(dict(ALL_DAYS, active=True))
        # Configured by a manager, in the agents' language (Persian, as the test database).
        persian = cls.env(context=dict(cls.env.context, lang="fa_IR"))
        (cls.agent_a1 | cls.agent_a2).lang = "fa_IR"
        low.with_env(persian).message = "متن قرمز: {name} میانگین {value}"
        good.with_env(persian).message = "متن سبز: {name} میانگین {value}"
        banner.with_env(persian).message = "کار عقب‌افتاده {name}: {value}"
        # Calls of the last minutes: today in any timezone the machine runs in.
        now = fields.Datetime.now()
        for agent, seconds in ((cls.agent_a1, 120), (cls.agent_a2, 240)):
            cls.env["crm.call"].create({
                "linkedid": f"tour-{agent.id}", "user_id": agent.id, "direction": "outgoing",
                "disposition": "answered", "talk_seconds": seconds,
                "start_date": now - datetime.timedelta(seconds=seconds + 60),
                "end_date": now - datetime.timedelta(seconds=60)})
        cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get_id("res.partner"), "res_id": cls.customer_a1.id,
            "user_id": cls.agent_a1.id, "summary": "Late call back",
            "date_deadline": fields.Date.today() - datetime.timedelta(days=2)})

    def test_red_alert_and_overdue_banner(self):
        self.start_tour("/odoo", "crm_alerts_red_and_banner", login="t_agent_a1")
        self.assertFalse(self.env["mail.activity"].search([("user_id", "=", self.agent_a1.id)]))

    def test_green_alert(self):
        self.start_tour("/odoo", "crm_alerts_green", login="t_agent_a2")

    def test_manager_types_persian_digits(self):
        rule = self.env.ref("crm_alerts.rule_f12_successful_calls_noon")
        self.start_tour(f"/odoo/action-crm_alerts.crm_alert_rule_action/{rule.id}",
                        "crm_alerts_rule_persian_digits", login="t_manager")
        self.assertEqual(rule.threshold, 25.5)

    def test_top_bar_in_the_reader_s_digits(self):
        """The top bar's numbers (the red pill's count, the alert's average, the overdue
        banner's count) with Persian digits and decimal point for a Persian reader of a
        company showing them; with Latin digits when the reader prefers them, or the
        company does not show them."""
        self.agent_a1.name = "Ali Rezaei"  # a name without digits: only the figures change
        self.env.company.sales_panel_persian_digits = True
        self.start_tour("/odoo", "crm_alerts_top_bar_persian_digits", login="t_agent_a1")
        self.agent_a1.sales_panel_digits = "latin"
        self.start_tour("/odoo", "crm_alerts_top_bar_latin_digits", login="t_agent_a1")
        self.agent_a1.sales_panel_digits = "auto"
        self.env.company.sales_panel_persian_digits = False
        self.start_tour("/odoo", "crm_alerts_top_bar_latin_digits", login="t_agent_a1")
