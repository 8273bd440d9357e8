from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..hooks import INDEXES, create_indexes
from ..lib.persian import has_letters, normalize_digits, normalize_letters
from ..lib.phone import to_e164

TIERS = [
    ("gold", "Gold"),
    ("silver", "Silver"),
    ("bronze", "Bronze"),
    ("none", "None"),
]
TIER_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}
TEMPERATURES = [("hot", "Hot"), ("normal", "Normal"), ("junk", "Junk")]
# Fields whose typed text is normalised (ي/ك, Persian digits) on write and in searches.
TEXT_FIELDS = ("name", "firstname", "lastname", "display_name", "complete_name", "city", "street")
PHONE_FIELDS = ("phone", "mobile")
E164_FIELDS = ("phone_e164", "mobile_e164")


def _normalize_vals(vals):
    for fname in TEXT_FIELDS:
        if isinstance(vals.get(fname), str):
            vals[fname] = normalize_letters(vals[fname])
    for fname in PHONE_FIELDS:
        if isinstance(vals.get(fname), str):
            vals[fname] = normalize_digits(vals[fname])
    return vals


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
    tier_locked = fields.Boolean(
        "Tier set by hand",
        help="Automatic tiers (Settings → Sales Panel) leave this contact's tier alone.",
    )
    tier_promoted = fields.Boolean(
        "Promoted",
        readonly=True,
        copy=False,
        help="The tier was raised while the contact was already a customer: shown in gold.",
    )
    parent_tier = fields.Selection(related="parent_id.tier", string="Company tier")
    # The record rules of agents and supervisors filter on the salesperson.
    user_id = fields.Many2one(index=True)
    cooperation_type_id = fields.Many2one(
        "crm.cooperation.type",
        "Cooperation type",
        default=lambda self: self.env.ref(
            "crm_sales_base.cooperation_type_none", raise_if_not_found=False
        ),
        index=True,
        ondelete="set null",  # deleting a type in use is refused by the type itself
        tracking=True,
    )
    temperature = fields.Selection(
        TEMPERATURES, "Lead temperature", tracking=True,
        help="Marked by the agent on a call with a new contact (T6).",
    )
    is_key_person = fields.Boolean("Key person", help="Listed in the key people file of its company.")

    def init(self):
        result = super().init()
        create_indexes(self.env, INDEXES, self._table)
        return result
    is_number_only = fields.Boolean(
        "Number only", compute="_compute_is_number_only", store=True,
        help="An individual with a phone number but no name.",
    )
    phone_e164 = fields.Char("Phone (E.164)", compute="_compute_e164", store=True, index=True)
    mobile_e164 = fields.Char("Mobile (E.164)", compute="_compute_e164", store=True, index=True)
    phone_duplicate_ids = fields.Many2many(
        "res.partner", compute="_compute_phone_duplicate_ids", string="Same number",
    )
    personality_note = fields.Text(
        compute="_compute_personality_note", inverse="_inverse_personality_note",
        help="How to talk to this person. Readable only by their agent, that agent's supervisor "
        "and users whose role gives the Contacts section at the level “All”.",
    )

    @api.depends("name", "phone", "mobile", "is_company")
    def _compute_is_number_only(self):
        for partner in self:
            partner.is_number_only = (
                not partner.is_company
                and bool(partner.phone or partner.mobile)
                and not has_letters(partner.name)
            )

    @api.depends("phone", "mobile", "company_id.sales_panel_phone_country_id")
    def _compute_e164(self):
        default_region = self.env.company.sales_panel_phone_country_id.code or "IR"
        for partner in self:
            region = partner.company_id.sales_panel_phone_country_id.code or default_region
            partner.phone_e164 = to_e164(partner.phone, region) or False
            partner.mobile_e164 = to_e164(partner.mobile, region) or False

    @api.depends("phone_e164", "mobile_e164")
    def _compute_phone_duplicate_ids(self):
        for partner in self:
            numbers = [n for n in (partner.phone_e164, partner.mobile_e164) if n]
            if not numbers:
                partner.phone_duplicate_ids = False
                continue
            domain = expression.OR([
                [("phone_e164", "in", numbers)], [("mobile_e164", "in", numbers)],
            ])
            if partner.id:
                domain = expression.AND([domain, [("id", "!=", partner.id)]])
            partner.phone_duplicate_ids = self.search(domain, limit=5)

    @api.depends_context("uid")
    def _compute_personality_note(self):
        # The note model's access rights and record rules decide who reads it; others (a
        # plain salesperson, an accountant: no right on notes at all) get an empty field,
        # not an error on every contact they open.
        Note = self.env["res.partner.personality"]
        if not Note.has_access("read"):
            self.personality_note = False
            return
        notes = Note.search([("partner_id", "in", self.ids)])
        by_partner = {note.partner_id.id: note.note for note in notes}
        for partner in self:
            partner.personality_note = by_partner.get(partner.id, False)

    def _inverse_personality_note(self):
        Note = self.env["res.partner.personality"]
        for partner in self:
            Note._sales_panel_set(partner, partner.personality_note)

    @api.constrains("cooperation_type_id")
    def _check_cooperation_type(self):
        if any(not partner.cooperation_type_id for partner in self):
            raise ValidationError(_(
                "Choose a cooperation type for the contact (\"None\" when it is not known yet)."
            ))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([_normalize_vals(dict(vals)) for vals in vals_list])

    def write(self, vals):
        vals = _normalize_vals(dict(vals))
        if "tier" in vals:
            # F18: a customer raised to silver or gold is "promoted" and shown in gold; one
            # lowered again is not promoted any more (else it stays gold whatever its tier).
            rank = TIER_RANK[vals["tier"]]
            promoted = self.filtered(
                lambda p: rank >= TIER_RANK["silver"] and p.customer_rank and TIER_RANK[p.tier] < rank
            )
            demoted = self.filtered(lambda p: p.tier_promoted and TIER_RANK[p.tier] > rank)
            if promoted or demoted:
                super(ResPartner, promoted).write(dict(vals, tier_promoted=True))
                super(ResPartner, demoted).write(dict(vals, tier_promoted=False))
                return super(ResPartner, self - promoted - demoted).write(vals)
        return super().write(vals)

    @api.model
    def _search(self, domain, *args, **kwargs):
        return super()._search(self._sales_panel_normalize_domain(domain), *args, **kwargs)

    @api.model
    def _sales_panel_normalize_domain(self, domain):
        """Searches type ي/ك and Persian digits like the stored values: normalise them. A
        number searched on the E.164 columns may be typed in any form (0912…, +98 912…,
        Persian digits): it is turned into E.164, so the search is an index look-up."""
        result = []
        region = self.env.company.sales_panel_phone_country_id.code or "IR"
        for leaf in domain or []:
            if (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[2], str)
                    and leaf[0].split(".")[-1] in TEXT_FIELDS + PHONE_FIELDS):
                leaf = (leaf[0], leaf[1], normalize_digits(normalize_letters(leaf[2])))
            elif (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[2], str)
                    and leaf[0].split(".")[-1] in E164_FIELDS and leaf[1] == "="):
                leaf = (leaf[0], "=", to_e164(leaf[2], region) or leaf[2])
            result.append(leaf)
        return result

    def action_edit_personality_note(self):
        """The personality note's form: for those who may write notes (agents, marketers and
        above), on a contact they may read."""
        self.ensure_one()
        Note = self.env["res.partner.personality"]
        Note.check_access("create")
        self.check_access("read")
        note = Note.search([("partner_id", "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": _("Personality note"),
            "res_model": "res.partner.personality",
            "view_mode": "form",
            "res_id": note.id,
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @api.model
    def _cron_sales_panel_auto_tier(self):
        """Set the tiers of customers from their confirmed sales over each company's
        rolling period (companies with automatic tiers only; locked tiers are kept).

        With several companies, no company's run overwrites another's: a contact of one
        company is rated by that company alone (its sales, its thresholds); a contact
        shared by every company gets the highest tier any company with automatic tiers
        gives it. The result does not depend on the order the companies are run in."""
        best = {}
        for company in self.env["res.company"].search([("sales_panel_auto_tier", "=", True)]):
            for partner, tier in self._sales_panel_auto_tiers(company).items():
                if partner not in best or TIER_RANK[tier] > TIER_RANK[best[partner]]:
                    best[partner] = tier
        by_tier = defaultdict(lambda: self.browse())
        for partner, tier in best.items():
            if partner.tier != tier:
                by_tier[tier] |= partner
        for tier, partners in by_tier.items():
            partners.write({"tier": tier})

    @api.model
    def _sales_panel_auto_tiers(self, company):
        """{customer: tier} that ``company`` gives, from its confirmed sales of its period,
        to the unlocked customers it may rate: its own and the shared ones that it sold to
        or that have a tier."""
        since = fields.Datetime.subtract(fields.Datetime.now(), days=company.sales_panel_tier_days)
        totals = defaultdict(float)
        for partner, amount in self.env["sale.order"]._read_group(
            [("company_id", "=", company.id), ("state", "=", "sale"), ("date_order", ">=", since)],
            ["partner_id"], ["amount_untaxed:sum"],
        ):
            totals[partner.commercial_partner_id] += amount
        candidates = self.browse([p.id for p in totals]) | self.search([
            ("parent_id", "=", False), ("tier", "!=", "none"),
            ("company_id", "in", (company.id, False)),
        ])
        return {
            partner: company._sales_panel_tier_for(totals.get(partner, 0.0))
            for partner in candidates
            if not partner.tier_locked and partner.company_id in (company, self.env["res.company"])
        }
