from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    pbx_extension = fields.Char(
        "PBX Extension",
        copy=False,
        help="Extension of this user on the company's PBX; calls are matched to agents with it.",
    )

    _sql_constraints = [
        (
            "pbx_extension_company_uniq",
            "unique(pbx_extension, company_id)",
            "Two users of one company cannot share a PBX extension.",
        ),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["pbx_extension"]
