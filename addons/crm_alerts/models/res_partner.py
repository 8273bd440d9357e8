from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def init(self):
        # "Contacts added" by an agent in a period (alerts, agent home, manager report) is an
        # index range scan instead of a scan of every contact.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_create_uid_date_idx ON res_partner (create_uid, create_date)")
