from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import FollowupCase


@tagged("post_install", "-at_install")
class TestQuotationRules(HttpCase, FollowupCase):
    """Big amounts and the task guard's grace period are rules managers change themselves
    (issue 21), on the rules screen."""

    def test_tour_demo_manager_lowers_the_gold_amount_in_persian_digits(self):
        manager = self.env.ref("crm_sales_base.user_manager")
        company = manager.company_id
        self.assertEqual(company.sales_panel_gold_amount, 300_000_000)
        # In the demo manager's company (the demo company, in rials).
        order = self.quotation(self.customer_a1, manager, 5_000_000, name="RULES-QUOTE", company_id=company.id)
        self.assertEqual(order.amount_level, "normal")
        self.start_tour("/odoo/action-sale.action_quotations_with_onboarding",
                        "crm_proforma_followup_rules_big_amount", login="sp_manager")
        self.assertEqual(company.sales_panel_gold_amount, 1_000_000)
        self.assertEqual(order.amount_level, "gold")
        rules = self.env["sales.panel.rules"].search([("company_id", "=", company.id)])
        # The newest entry of the change log (an upgraded database also logs its migration).
        self.assertEqual(rules.message_ids[:1].author_id, manager.partner_id)

    def test_inconsistent_amounts_are_refused(self):
        rules = self.env["sales.panel.rules"]._sales_panel_for(self.env.company).with_user(self.manager)
        with self.assertRaises(ValidationError):
            rules.write({"sales_panel_gold_amount": 2_000_000_000})
        with self.assertRaises(ValidationError):
            rules.write({"sales_panel_task_grace_minutes": -5})
        self.assertEqual(self.env.company.sales_panel_gold_amount, 300_000_000)
        rules.write({"sales_panel_task_grace_minutes": 30, "sales_panel_special_style": "primary"})
        self.assertEqual(self.env.company.sales_panel_task_grace_minutes, 30)
        order = self.quotation(self.customer_a1, self.agent_a1, 1_000_000_000)
        self.assertEqual(order.amount_decoration, "primary")

    def test_blocked_groups_link_existing_groups_only(self):
        """The rules are written as superuser: a command creating a group (implying Settings)
        or changing one would make the manager an administrator."""
        rules = self.env["sales.panel.rules"]._sales_panel_for(self.env.company).with_user(self.manager)
        settings = self.env.ref("base.group_system")
        for command in (Command.create({"name": "Back door", "implied_ids": [Command.link(settings.id)],
                                        "users": [Command.link(self.manager.id)]}),
                        Command.update(self.env.ref("crm_sales_base.group_agent").id,
                                       {"implied_ids": [Command.link(settings.id)]}),
                        Command.delete(self.env.ref("crm_sales_base.group_marketer").id)):
            with self.assertRaises(UserError):
                rules.write({"sales_panel_blocked_group_ids": [command]})
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.env["res.groups"].search([("name", "=", "Back door")]))
        marketers = self.env.ref("crm_sales_base.group_marketer")
        rules.write({"sales_panel_blocked_group_ids": [Command.link(marketers.id)]})
        self.assertIn(marketers, self.env.company.sales_panel_blocked_group_ids)
        self.assertNotIn(settings, self.env.ref("crm_sales_base.group_agent").implied_ids)
