import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# What a PBX extension may hold: it goes into the dial string of an AMI action (the agent's
# device), where spaces, "&" (a second device), "," (Dial options) or a line break would
# change what is dialled.
EXTENSION = re.compile(r"[0-9A-Za-z*#+]{1,20}")


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

    @api.constrains("pbx_extension")
    def _check_pbx_extension(self):
        for user in self:
            if user.pbx_extension and not EXTENSION.fullmatch(user.pbx_extension):
                raise ValidationError(_(
                    "A PBX extension holds up to 20 letters, digits, *, # or + (no spaces): %(extension)s",
                    extension=user.pbx_extension))

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["pbx_extension"]
