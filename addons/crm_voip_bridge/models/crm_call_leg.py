from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .crm_call import DISPOSITIONS

# The CDR columns a leg keeps, as lib.cdr.Leg names them (the COPY writes them in this order).
LEG_FIELDS = ["uniqueid", "linkedid", "sequence", "calldate", "src", "dst", "clid", "channel",
              "dstchannel", "did", "duration", "billsec", "disposition", "recordingfile", "lastapp",
              "lastdata"]
INT_FIELDS = {"sequence", "duration", "billsec"}


class CrmCallLeg(models.Model):
    """One CDR row: a channel's part of a call."""

    _name = "crm.call.leg"
    _description = "Call leg"
    _order = "calldate, sequence, id"
    _rec_name = "uniqueid"

    call_id = fields.Many2one("crm.call", required=True, ondelete="cascade", index=True)
    source_id = fields.Many2one("crm.cdr.source", required=True, ondelete="cascade")
    # Rules go through call_id: legs are read with their call only, and are written by the
    # sync at thousands per second (no stored copies of the call's agent or company).
    uniqueid = fields.Char(required=True)
    linkedid = fields.Char(required=True)
    sequence = fields.Integer()
    calldate = fields.Datetime(required=True)
    src = fields.Char("Source number")
    dst = fields.Char("Destination number")
    clid = fields.Char("Caller ID")
    channel = fields.Char()
    dstchannel = fields.Char("Destination channel")
    did = fields.Char("DID")
    duration = fields.Integer()
    billsec = fields.Integer("Billed seconds")
    disposition = fields.Selection(DISPOSITIONS)
    recordingfile = fields.Char("Recording file")
    lastapp = fields.Char("Last application")
    lastdata = fields.Char(
        "Application data", help="What the last application was given, e.g. the phones Dial() rang.")

    _sql_constraints = [
        ("source_uniqueid_sequence_uniq", "unique(source_id, uniqueid, sequence)",
         "A CDR row is stored once per source."),
    ]

    def _sales_panel_check_sync(self):
        """A leg is a row of the PBX's CDR as the sync read it: nobody changes it through
        the ORM (nobody has the right either: this holds should an access line be added)."""
        if not self.env.su:
            raise AccessError(_("Call legs are the PBX's call records: only the CDR sync writes them."))

    @api.model_create_multi
    def create(self, vals_list):
        self._sales_panel_check_sync()
        return super().create(vals_list)

    def write(self, vals):
        self._sales_panel_check_sync()
        return super().write(vals)
