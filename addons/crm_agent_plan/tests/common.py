import datetime

from odoo import fields
from odoo.tools import SQL

from odoo.addons.crm_call_list.tests.common import CallListCase
from odoo.addons.crm_proforma_followup.tests.common import FollowupCase

CHASE = "crm_agent_plan.activity_type_chase_quotation"
CALL = "crm_agent_plan.activity_type_call_customer"
CALLBACK = "mail.mail_activity_data_call"


class PlanCase(FollowupCase, CallListCase):
    """The teams of SalesPanelCase, quotations and calls (FollowupCase), call lists
    (CallListCase), and the plan's rules of the first company: gold quotations chased every
    3 days, silver 7, bronze 14, the others never; customers called after 30 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({
            "sales_panel_plan_chase_gold": 3, "sales_panel_plan_chase_silver": 7,
            "sales_panel_plan_chase_bronze": 14, "sales_panel_plan_chase_none": 0,
            "sales_panel_plan_call_days": 30,
        })
        cls.chase_type = cls.env.ref(CHASE)
        cls.call_type = cls.env.ref(CALL)
        cls.callback_type = cls.env.ref(CALLBACK)
        cls.Activity = cls.env["mail.activity"]

    @staticmethod
    def days_ago(days):
        return fields.Datetime.now() - datetime.timedelta(days=days)

    def quoted(self, partner, agent, days, **values):
        """A quotation of ``agent`` to ``partner`` dated ``days`` ago."""
        order = self.quotation(partner, agent, **values)
        order.date_order = self.days_ago(days)
        return order

    def created_ago(self, records, days):
        """``records`` as if created ``days`` ago (create_date is the database's)."""
        self.env.cr.execute(SQL("UPDATE %s SET create_date = %s WHERE id IN %s", SQL.identifier(records._table),
                                self.days_ago(days), tuple(records.ids)))
        records.invalidate_recordset(["create_date"])
        return records

    def plan_of(self, records, activity_type, done=None):
        """The activities of ``activity_type`` on ``records`` (open and done; ``done``: only
        done ones, or only open ones)."""
        domain = [("res_model", "=", records._name), ("res_id", "in", records.ids),
                  ("activity_type_id", "=", activity_type.id)]
        if done is not None:
            domain.append(("active", "=", not done))
        return self.Activity.with_context(active_test=False).search(domain)

    @staticmethod
    def pairs(activities, records=None):
        """{(record id, agent)} of ``activities`` (those on ``records`` when given)."""
        return {(a.res_id, a.user_id) for a in activities if records is None or a.res_id in records.ids}
