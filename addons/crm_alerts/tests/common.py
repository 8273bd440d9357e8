from odoo.addons.crm_proforma_followup.tests.common import FollowupCase
from odoo.addons.crm_sales_base.tests.common import FigureMixin
from odoo.addons.crm_voip_bridge.tests.common import CallMixin


def utc(local_string, tz="Asia/Tehran"):
    """Naive UTC of a local 'YYYY-MM-DD HH:MM' wall-clock time."""
    return FigureMixin.utc(local_string, tz)


class AlertCase(CallMixin, FigureMixin, FollowupCase):
    """Calls (call_at) and contacts (contact_added) at Tehran's wall-clock times."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # Gregorian months, as these tests count them; test_solar_hijri.py counts in Jalali ones.
        cls.company.write({"sales_panel_timezone": "Asia/Tehran", "sales_panel_week_start": "5",
                           "sales_panel_successful_seconds": 30, "sales_panel_calendar": "gregorian"})
        cls.Rule = cls.env["crm.alert.rule"]
        # Only the rule a test looks at speaks: the others are switched off.
        cls.Rule.search([]).active = False

    def rule(self, xmlid):
        rule = self.env.ref(f"crm_alerts.{xmlid}")
        rule.active = True
        return rule

    def results(self, rule, user, on=True):
        return self.env["crm.alert.result"].search(
            [("rule_id", "=", rule.id), ("user_id", "=", user.id), ("is_on", "=", on)])

    def evaluate(self, local_now, rules=None):
        rules = rules or self.Rule.search([])
        return rules._sales_panel_evaluate(now=utc(local_now))

    def confirmed_at(self, agent, local_time, amount=1_000_000):
        order = self.quotation(self.customer_a1, agent, amount)
        order.action_confirm()
        order.date_order = utc(local_time)
        return order

    def target(self, agent, date_start, **values):
        return self.env["crm.sales.target"].create(dict({"user_id": agent.id, "date_start": date_start}, **values))
