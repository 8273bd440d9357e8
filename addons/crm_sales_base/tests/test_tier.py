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
