"""What the screen pop shows for a call (T3, T13, F27): read with the agent's own rights."""

from odoo import _, fields, models
from odoo.exceptions import AccessError

# The tier colours of the contact's form and list (crm_sales_base's res_partner views):
# gold (or promoted) warning, silver info, bronze muted.
TIER_COLOURS = {"gold": "warning", "silver": "info", "bronze": "secondary"}
# Quotations still open for the customer: the pop shows the latest few.
OPEN_ORDER_STATES = ("draft", "sent")
CARD_ORDERS = 5
CARD_CALLS = 5


def _selection_label(record, fname):
    return dict(record._fields[fname]._description_selection(record.env)).get(record[fname], "")


class CrmCall(models.Model):
    _inherit = "crm.call"

    def _sales_panel_check_card_access(self):
        """The card of a call is for the agents it rings for (its agent, and every agent a
        queue or ring group rings at once while it rings), the supervisor of the agent's
        team and managers: the call's own record rules, checked here because the method is
        callable over RPC by anyone logged in. Users outside the suite's roles have no
        right on calls at all. Returns the calls to read the call's own fields from: as
        superuser for an agent the call rings for but is not stored for (the record rules
        know only the call's agent); the contact and the rest stay read with the user's
        rights."""
        user = self.env.user
        calls = self.sudo()
        if not self.env.su and user.has_group("crm_sales_base.group_section_calls") \
                and all(user in call.ringing_user_ids and call.company_id in user.company_ids for call in calls):
            return calls
        self._sales_panel_check_call_access()
        if not self.env.su and not user.has_group("crm_sales_base.group_section_calls_team") \
                and any(call.user_id != user for call in self):
            self._sales_panel_refuse_card()
        return self

    def _sales_panel_refuse_card(self):
        raise AccessError(_("The card of a call is shown to the agent it rings for."))

    def sales_panel_card(self):
        """The screen pop's card of this call: the known contact (tier colour, personality
        note, open quotations, last calls with whether their recording can be played, the
        company) or, for an unknown number, the values of a new contact's form with the
        number filled. Everything is read with the caller's rights: what they may not see
        is left out, never read as superuser (but the call's own fields for an agent a
        queue rings too, see _sales_panel_check_card_access)."""
        self.ensure_one()
        call = self._sales_panel_check_card_access()
        partner = call.partner_id
        if not partner and call.number_e164:
            # A contact created since the call was stored (the pop of a second call of the
            # same number): the caller look-up the CDR sync and the live service use.
            partner = self.env["res.partner"]._sales_panel_match_numbers(
                {call.number_e164}, call.company_id).get(call.number_e164, partner)
        card = {
            "call": {
                "id": call.id,
                "number": call.number_e164 or call.number_raw or "",
                "direction": call.direction,
                "direction_label": _selection_label(call, "direction"),
                "live_state": call.live_state or False,
                "start": fields.Datetime.to_string(call.start_date),
                "description": call.description or "",
                # Agents write the description of their calls (_sales_panel_agent_fields).
                "can_write_description": self.has_access("write"),
                "has_recording": call.has_recording,
                "after_call_done": call.after_call_done,
            },
            "known": bool(partner),
            "contact": False,
            "company": False,
            "quotations": [],
            "calls": [],
            "new_contact": False,
        }
        if partner:
            visible = partner.with_env(self.env)._filtered_access("read")
            if not visible:
                # Someone else's customer: the agent learns only that the number is known.
                card["contact"] = {"id": False, "name": _("A contact of another agent"), "restricted": True}
                return card
            card["contact"] = self._sales_panel_card_partner(visible)
            commercial = visible.commercial_partner_id
            if commercial != visible and commercial._filtered_access("read"):
                card["company"] = self._sales_panel_card_partner(commercial)
            card["quotations"] = self._sales_panel_card_quotations(commercial)
            card["calls"] = self._sales_panel_card_calls(commercial)
            return card
        if call.number_e164 or call.number_raw:
            try:
                self.env["res.partner"].check_access("create")
                action = call.action_create_contact()
            except AccessError:
                return card
            values = {key[len("default_"):]: value for key, value in action["context"].items()
                      if key.startswith("default_")}
            if call.user_id != self.env.user and not self.has_access("read"):
                # A queue call ringing for this agent too: the contact would be theirs.
                values["user_id"] = self.env.uid
            card["new_contact"] = {"values": values}
        return card

    def _sales_panel_card_partner(self, partner):
        return {
            "id": partner.id,
            "name": partner.display_name,
            "is_company": partner.is_company,
            "tier": partner.tier,
            "tier_label": _selection_label(partner, "tier") if partner.tier != "none" else "",
            "tier_colour": "warning" if partner.tier_promoted else TIER_COLOURS.get(partner.tier, False),
            "personality_note": partner.personality_note or "",
            "phone": partner.phone or "",
            "mobile": partner.mobile or "",
            "email": partner.email or "",
            "salesperson": partner.user_id.display_name or "",
        }

    def _sales_panel_card_quotations(self, commercial):
        Order = self.env["sale.order"]
        if not Order.has_access("read"):
            return []
        orders = Order.search([("partner_id", "child_of", commercial.id), ("state", "in", OPEN_ORDER_STATES)],
                              order="date_order desc, id desc", limit=CARD_ORDERS)
        return [{"id": order.id, "name": order.name, "amount": order.amount_total,
                 "currency_id": order.currency_id.id, "state": order.state,
                 "state_label": _selection_label(order, "state")} for order in orders]

    def _sales_panel_card_calls(self, commercial):
        """The contact's last calls (this one left out), each with whether the user may
        play its recording: the recording route's own rule, the call's read access."""
        calls = self.search([("partner_id", "child_of", commercial.id), ("id", "!=", self.id)],
                            limit=CARD_CALLS)
        return [{
            "id": call.id, "start": fields.Datetime.to_string(call.start_date),
            "direction": call.direction, "direction_label": _selection_label(call, "direction"),
            "disposition_label": _selection_label(call, "disposition"),
            "talk_seconds": call.talk_seconds, "user": call.user_id.display_name or "",
            "description": call.description or "",
            # Searched with the user's record rules: every call listed is one whose
            # recording the route serves to this user.
            "can_play": call.has_recording,
        } for call in calls]
