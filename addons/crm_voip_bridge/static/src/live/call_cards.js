import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { formatAmount } from "@crm_sales_base/money/amount_field";
import { usePhoneFormat } from "@crm_sales_base/phone/phone_display";
import { CallPlayer } from "../call_player/call_player";

const STATE_LABELS = {
    ringing: _t("Ringing"),
    talking: _t("Talking"),
    ended: _t("Ended"),
};

/** One call's card: the caller (or a new contact's form), the call's description, the
 * after-call step at hang-up. Not a dialog: the agent keeps working under it. */
export class CallCard extends Component {
    static template = "crm_voip_bridge.CallCard";
    static components = { CallPlayer };
    static props = { card: Object };

    setup() {
        this.live = useService("sales_panel_live");
        // Renders again when a foreign caller's rules arrive.
        this.formatPhone = usePhoneFormat();
        this.action = useService("action");
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.form = useState({ name: "", saving: false });
    }

    get card() {
        return this.props.card;
    }

    get stateLabel() {
        return STATE_LABELS[this.card.state] || "";
    }

    get awaitingStep() {
        return this.card.state === "ended" && this.card.data && !this.card.data.call.after_call_done;
    }

    get canClose() {
        return !this.awaitingStep;
    }

    get newContactNumber() {
        const values = this.card.data?.new_contact?.values || {};
        return values.mobile || values.phone || this.card.number;
    }

    formatAmount(quotation) {
        return formatAmount(quotation.amount, { currencyId: quotation.currency_id });
    }

    /** When a past call started (UTC from the server) as the user reads dates: their
     * timezone, calendar and digits. */
    formatStart(start) {
        return start ? formatDateTime(deserializeDateTime(start)) : "";
    }

    openRecord(resModel, resId) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openCall() {
        return this.openRecord("crm.call", this.card.callId);
    }

    onDescriptionInput(ev) {
        this.card.description = ev.target.value;
        this.card.dirty = true;
        this.card.saved = false;
    }

    async saveDescription() {
        await this.live.saveDescription(this.card.callId);
    }

    async createContact() {
        const name = this.form.name.trim();
        if (!name) {
            this.notification.add(_t("Type the caller's name."), { type: "warning" });
            return;
        }
        this.form.saving = true;
        try {
            const values = { ...this.card.data.new_contact.values, name };
            await this.orm.create("res.partner", [values]);
            // Saving the contact links the calls of its number (res.partner's create).
            await this.live.load(this.card.callId);
        } finally {
            this.form.saving = false;
        }
    }

    async openFullForm() {
        const action = await this.orm.call("crm.call", "action_create_contact", [this.card.callId]);
        if (this.form.name.trim()) {
            action.context = { ...action.context, default_name: this.form.name.trim() };
        }
        return this.action.doAction(action, { onClose: () => this.live.load(this.card.callId) });
    }

    async addToContact() {
        const action = await this.orm.call("crm.call", "action_add_number_to_contact", [this.card.callId]);
        return this.action.doAction(action, { onClose: () => this.live.load(this.card.callId) });
    }

    nextStep() {
        return this.live.openNextStep(this.card.callId);
    }

    toggleFold() {
        this.card.folded = !this.card.folded;
    }

    close() {
        if (this.canClose) {
            this.live.close(this.card.callId);
        }
    }
}

/** The stack of call cards, at the screen's bottom corner (end side: right, or left in
 * RTL), the full width on a phone. */
export class CallCards extends Component {
    static template = "crm_voip_bridge.CallCards";
    static components = { CallCard };
    static props = {};

    setup() {
        this.live = useState(useService("sales_panel_live").state);
    }
}
