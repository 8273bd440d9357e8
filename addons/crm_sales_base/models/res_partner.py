from odoo import fields, models

TIERS = [
    ("gold", "Gold"),
    ("silver", "Silver"),
    ("bronze", "Bronze"),
    ("none", "None"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    tier = fields.Selection(
        TIERS,
        default="none",
        required=True,
        tracking=True,
        index=True,
        help="Gold, silver or bronze classification of the contact or company.",
    )
    # The record rules of agents and supervisors filter on the salesperson.
    user_id = fields.Many2one(index=True)
