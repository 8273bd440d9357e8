import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";

const ICONS = {
    queued: "fa-spinner fa-spin",
    ringing: "fa-bell",
    answered: "fa-phone text-success",
    failed: "fa-exclamation-triangle text-danger",
};
const LABELS = {
    queued: _t("Calling…"),
    ringing: _t("Ringing"),
    answered: _t("Answered"),
    failed: _t("Failed"),
};

/** The call button next to a phone number, with the call's progress. */
export class SalesPanelDialButton extends Component {
    static template = "crm_voip_bridge.DialButton";
    static props = {
        number: String,
        resModel: { type: [String, { value: false }], optional: true },
        resId: { type: [Number, { value: false }], optional: true },
    };

    setup() {
        this.dialer = useService("sales_panel_dial");
        this.requests = useState(this.dialer.requests);
    }

    get request() {
        return this.requests[this.props.number];
    }

    get icon() {
        return ICONS[this.request?.state] || "fa-phone";
    }

    get label() {
        return LABELS[this.request?.state] || _t("Call");
    }

    get title() {
        const request = this.request;
        if (request?.state === "failed" && request.reason) {
            return request.reason;
        }
        return _t("Call %s from your phone", this.props.number);
    }

    async onClick(ev) {
        // In a list row, the click would also open the record.
        ev.stopPropagation();
        ev.preventDefault();
        await this.dialer.dial(this.props.number, this.props.resModel, this.props.resId);
    }
}
