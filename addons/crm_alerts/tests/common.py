import datetime
import itertools

import pytz

from odoo.addons.crm_proforma_followup.tests.common import FollowupCase

LINKEDIDS = itertools.count()
TEHRAN = pytz.timezone("Asia/Tehran")


def utc(local_string, tz=TEHRAN):
    """Naive UTC of a local 'YYYY-MM-DD HH:MM' wall-clock time."""
    local = tz.localize(datetime.datetime.strptime(local_string, "%Y-%m-%d %H:%M"))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


class AlertCase(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"sales_panel_timezone": "Asia/Tehran", "sales_panel_week_start": "5",
                           "sales_panel_successful_seconds": 30})
        cls.Rule = cls.env["crm.alert.rule"]
        # Only the rule a test looks at speaks: the others are switched off.
        cls.Rule.search([]).active = False

    def rule(self, xmlid):
        rule = self.env.ref(f"crm_alerts.{xmlid}")
        rule.active = True
        return rule

    def call_at(self, agent, local_start, talk_seconds, answered=True, direction="outgoing", partner=None):
        start = utc(local_start)
        return self.env["crm.call"].create({
            "linkedid": f"alert-{next(LINKEDIDS)}", "user_id": agent.id, "team_id": agent.sale_team_id.id,
            "partner_id": partner.id if partner else False, "direction": direction,
            "disposition": "answered" if answered else "no_answer",
            "talk_seconds": talk_seconds if answered else 0, "start_date": start,
            "end_date": start + datetime.timedelta(seconds=talk_seconds),
        })

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

    def contact_added(self, agent, local_time, tier="none", **values):
        partner = self.env["res.partner"].create(dict({"name": f"New {next(LINKEDIDS)}", "tier": tier}, **values))
        # create_uid / create_date are the database's: set them as if the agent typed it then.
        self.env.cr.execute("UPDATE res_partner SET create_uid = %s, create_date = %s WHERE id = %s",
                            (agent.id, utc(local_time), partner.id))
        partner.invalidate_recordset(["create_uid", "create_date"])
        return partner

    def target(self, agent, date_start, **values):
        return self.env["crm.sales.target"].create(dict({"user_id": agent.id, "date_start": date_start}, **values))
