from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_panel_phone_country_id = fields.Many2one(
        "res.country",
        "Default phone region",
        default=lambda self: self.env.ref("base.ir", raise_if_not_found=False),
        help="Country used to read phone numbers typed without an international prefix.",
    )
    sales_panel_auto_tier = fields.Boolean(
        "Automatic tiers", help="A daily job sets customers' tiers from their confirmed sales.",
    )
    sales_panel_tier_days = fields.Integer("Tier period (days)", default=365)
    sales_panel_tier_gold = fields.Monetary("Gold from", default=5_000_000_000)
    sales_panel_tier_silver = fields.Monetary("Silver from", default=1_000_000_000)
    sales_panel_tier_bronze = fields.Monetary("Bronze from", default=100_000_000)

    def write(self, vals):
        rules_model = self.env["sales.panel.rules"]
        rule_vals = {name: vals[name] for name in rules_model._sales_panel_rule_fields() if name in vals}
        if not rule_vals or self.env.context.get("sales_panel_rules_write") or not self:
            return super().write(vals)
        # A rule written here (an administrator's RPC, an import, another module) goes
        # through the company's rules record like the rules screen's changes, so that its
        # chatter logs every change.
        self.check_access("write")
        result = super().write({name: value for name, value in vals.items() if name not in rule_vals})
        rules_model._sales_panel_for(self).sudo().write(rule_vals)
        return result

    def _sales_panel_tier_for(self, amount):
        self.ensure_one()
        for tier in ("gold", "silver", "bronze"):
            if amount >= self[f"sales_panel_tier_{tier}"]:
                return tier
        return "none"
