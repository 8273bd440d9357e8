"""F18: contacts lowered below silver after a promotion kept the promoted flag and so stayed
gold. A promotion is only ever to silver or gold, so the flag on a bronze or untiered contact
is such a leftover: clear it."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(SQL(
        "UPDATE res_partner SET tier_promoted = FALSE WHERE tier_promoted AND tier IN ('none', 'bronze')"
    ))
