import datetime
import itertools

from odoo import Command, fields

from odoo.addons.crm_sales_base.tests.common import SalesPanelCase

LINKEDIDS = itertools.count()


class FollowupCase(SalesPanelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.product = cls.env["product.product"].create({
            "name": "Steel coil", "type": "service", "taxes_id": [Command.clear()]})
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Too expensive"})

    def quotation(self, partner, agent, amount=1_000_000, **values):
        return self.env["sale.order"].create(dict({
            "partner_id": partner.id, "user_id": agent.id,
            "order_line": [Command.create({"product_id": self.product.id, "price_unit": amount,
                                           "tax_id": [Command.clear()]})],
        }, **values))

    def call(self, partner, agent, answered=True, end=None):
        end = end or fields.Datetime.now()
        call = self.env["crm.call"].create({
            "linkedid": f"fup-{next(LINKEDIDS)}",
            "partner_id": partner.id, "user_id": agent.id, "direction": "outgoing",
            "disposition": "answered" if answered else "no_answer",
            "talk_seconds": 90 if answered else 0,
            "start_date": end - datetime.timedelta(seconds=90), "end_date": end,
        })
        call._sales_panel_on_call_ended()
        return call
