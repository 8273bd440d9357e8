import datetime

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import PhoneTourMixin

from .common import AlertCase

ALL_DAYS = dict.fromkeys(("day_sat", "day_sun", "day_mon", "day_tue", "day_wed", "day_thu", "day_fri"), True)
# Tens of billions of rials: the amounts the home and the cards must show whole.
BIG = 99_999_999_999
LARGE = 15_020_000_000


@tagged("post_install", "-at_install")
class TestMobileHome(PhoneTourMixin, HttpCase, AlertCase):
    """The agent's home, its alerts and the targets at a phone's width (the Odoo mobile app)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a1.lang = "fa_IR"
        low = cls.env.ref("crm_alerts.rule_f2_avg_talk_low")
        banner = cls.env.ref("crm_alerts.rule_f13_overdue_tasks")
        (low | banner).write(dict(ALL_DAYS, active=True))
        now = fields.Datetime.now()
        cls.env["crm.call"].create({
            "linkedid": "mobile-home", "user_id": cls.agent_a1.id, "direction": "outgoing",
            "disposition": "answered", "talk_seconds": 120,
            "start_date": now - datetime.timedelta(seconds=180), "end_date": now - datetime.timedelta(seconds=60)})
        cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get_id("res.partner"), "res_id": cls.customer_a1.id,
            "user_id": cls.agent_a1.id, "summary": "Late call back",
            "date_deadline": fields.Date.today() - datetime.timedelta(days=2)})
        for amount in (BIG, LARGE):
            order = cls.env["sale.order"].create({
                "partner_id": cls.customer_a1.id, "user_id": cls.agent_a1.id,
                "order_line": [(0, 0, {"product_id": cls.product.id, "price_unit": amount, "tax_id": [(5, 0, 0)]})]})
            order.activity_schedule("mail.mail_activity_data_todo", user_id=cls.agent_a1.id,
                                    date_deadline=fields.Date.today() + datetime.timedelta(days=1))
        cls.env["crm.sales.target"].create({
            "user_id": cls.agent_a1.id, "date_start": fields.Date.today().replace(day=1),
            "weekly_count": 3, "weekly_amount": 20_000_000_000, "monthly_amount": 80_000_000_000})

    def test_home_alerts_and_a_quotation_at_phone_width(self):
        self.start_tour("/odoo", "crm_alerts_mobile_home", login="t_agent_a1")

    def test_targets_as_cards(self):
        self.start_tour("/odoo/action-crm_alerts.crm_sales_target_action", "crm_alerts_mobile_targets",
                        login="t_sup_a")

    def test_marketer_home(self):
        self.env["crm.call"].create({
            "linkedid": "mobile-marketer", "user_id": self.marketer_a.id, "direction": "outgoing",
            "disposition": "answered", "talk_seconds": 60,
            "start_date": fields.Datetime.now() - datetime.timedelta(minutes=5)})
        self.start_tour("/odoo/action-crm_alerts.action_agent_home", "crm_alerts_mobile_marketer_home",
                        login="t_marketer_a")
