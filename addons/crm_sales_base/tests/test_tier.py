from odoo.tests import Form, tagged

from .common import SalesPanelCase


@tagged("post_install", "-at_install")
class TestTier(SalesPanelCase):
    def test_tier_defaults_to_none_on_contacts_and_companies(self):
        self.assertEqual(self.customer_a1.tier, "none")
        self.assertEqual(self.company_a1.tier, "none")

    def test_tier_change_is_tracked_in_the_chatter(self):
        partner = self.customer_a1.with_context(tracking_disable=False)
        # Odoo does not track records created in the same transaction: commit-like flush
        # of the creation first, then the change (cr.flush runs the precommit hooks).
        self.env.flush_all()
        self.env.cr.flush()
        partner.tier = "gold"
        self.env.flush_all()
        self.env.cr.flush()
        tracked = partner.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "tier"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.old_value_char, "None")
        self.assertEqual(tracked.new_value_char, "Gold")

    def test_agent_sets_tier_on_own_contact_in_the_form(self):
        with Form(self.customer_a1.with_user(self.agent_a1)) as form:
            form.tier = "silver"
        self.assertEqual(self.customer_a1.tier, "silver")

    def test_tier_filters(self):
        self.customer_a1.tier = "gold"
        self.company_b1.tier = "gold"
        self.customer_a2.tier = "bronze"
        ours = self.customer_a1 | self.customer_a2 | self.company_b1 | self.unassigned
        gold = self.env["res.partner"].search([("id", "in", ours.ids), ("tier", "=", "gold")])
        self.assertEqual(gold, self.customer_a1 | self.company_b1)

    def test_settings_page_has_the_sales_panel_section(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="crm_sales_base"', arch)
        self.assertIn("sales_panel_phone_country_id", arch)
        self.assertEqual(self.env.company.sales_panel_phone_country_id, self.env.ref("base.ir"))

    def test_automatic_tiers_with_two_companies(self):
        """A shared contact gets the highest tier any company gives it, whichever company
        runs last; a contact of one company is rated by that company only."""
        main = self.env.company
        other = self.env["res.company"].create({"name": "Second company", "currency_id": main.currency_id.id})
        self.env.user.company_ids |= other
        # The second company runs last (companies go by sequence) and sells less.
        main.write({"sequence": 1, "sales_panel_auto_tier": True, "sales_panel_tier_gold": 1000,
                    "sales_panel_tier_silver": 500, "sales_panel_tier_bronze": 100})
        other.write({"sequence": 2, "sales_panel_auto_tier": True, "sales_panel_tier_gold": 100_000,
                     "sales_panel_tier_silver": 50_000, "sales_panel_tier_bronze": 100})
        product = self.env["product.product"].create({"name": "P", "company_id": False})
        own_of_other = self.env["res.partner"].create({"name": "Other's own", "company_id": other.id})
        own_of_main = self.env["res.partner"].create({"name": "Main's own", "company_id": main.id,
                                                      "tier": "silver"})

        def sell(company, partner, amount):
            order = self.env["sale.order"].with_company(company).create({
                "partner_id": partner.id, "company_id": company.id,
                "order_line": [(0, 0, {"product_id": product.id, "price_unit": amount, "tax_id": False})],
            })
            order.action_confirm()

        sell(main, self.customer_a1, 1200)  # gold for the main company
        sell(other, self.customer_a1, 150)  # bronze for the second one
        sell(other, own_of_other, 150)
        self.assertFalse(self.customer_a1.company_id, "shared by both companies")
        self.env["res.partner"]._cron_sales_panel_auto_tier()
        self.assertEqual(self.customer_a1.tier, "gold", "the highest, not the last company's")
        self.assertEqual(own_of_other.tier, "bronze")
        self.assertEqual(own_of_main.tier, "none", "no sale in its company's period: rated by it alone")
        # Run again: nothing flips back and forth.
        self.env["res.partner"]._cron_sales_panel_auto_tier()
        self.assertEqual((self.customer_a1.tier, own_of_other.tier), ("gold", "bronze"))
