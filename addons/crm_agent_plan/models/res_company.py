from odoo import fields, models

# The tiers (crm_sales_base) and the days between two chases of a quotation of each,
# by default: the better the customer, the more often.
CHASE_DAYS = {"gold": 3, "silver": 7, "bronze": 14, "none": 14}


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_plan_chase_gold = fields.Integer(
        "Chase gold quotations every (days)", default=CHASE_DAYS["gold"],
        help="An open quotation of a gold customer goes on its salesperson's plan this many days "
             "after its last follow-up (or its date). 0: never.")
    sales_panel_plan_chase_silver = fields.Integer(
        "Chase silver quotations every (days)", default=CHASE_DAYS["silver"],
        help="The same for silver customers. 0: never.")
    sales_panel_plan_chase_bronze = fields.Integer(
        "Chase bronze quotations every (days)", default=CHASE_DAYS["bronze"],
        help="The same for bronze customers. 0: never.")
    sales_panel_plan_chase_none = fields.Integer(
        "Chase other quotations every (days)", default=CHASE_DAYS["none"],
        help="The same for customers without a tier. 0: never.")
    sales_panel_plan_call_days = fields.Integer(
        "Call customers not called for (days)", default=30,
        help="A customer nobody has spoken to on the phone for this many days goes on their "
             "salesperson's plan as a call. 0: never.")

    def _sales_panel_plan_chase_days(self):
        """{tier: days between two chases} of the company (0: never)."""
        self.ensure_one()
        return {tier: self[f"sales_panel_plan_chase_{tier}"] for tier in CHASE_DAYS}
