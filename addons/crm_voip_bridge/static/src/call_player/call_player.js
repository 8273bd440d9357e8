import { Component, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * Plays a call's recording in place: a play button that becomes the browser's audio
 * player (seeking goes through HTTP Range requests to the recording controller).
 */
export class CallPlayer extends Component {
    static template = "crm_voip_bridge.CallPlayer";
    static props = {
        callId: Number,
        label: { type: String, optional: true },
    };

    setup() {
        this.audioRef = useRef("audio");
        this.state = useState({ open: false, unavailable: false, advanced: false });
        onWillUnmount(() => this.audioRef.el?.pause());
    }

    get url() {
        return `/sales_panel/call/${this.props.callId}/recording`;
    }

    get unavailableText() {
        return _t("Recording unavailable");
    }

    stop(ev) {
        // Inside a list row, a click on the player would open the call.
        ev.stopPropagation();
    }

    onClick() {
        if (!this.state.open) {
            this.state.open = true;
        } else if (this.audioRef.el) {
            this.audioRef.el.paused ? this.audioRef.el.play() : this.audioRef.el.pause();
        }
    }

    onError() {
        this.state.unavailable = true;
    }

    onTimeUpdate(ev) {
        if (ev.target.currentTime > 0 && !this.state.advanced) {
            this.state.advanced = true;
        }
    }
}

/** The field widget: on a call, its own recording; on a many2one to a call, that call's. */
export class CallPlayerField extends Component {
    static template = "crm_voip_bridge.CallPlayerField";
    static components = { CallPlayer };
    static props = { ...standardFieldProps, label: { type: String, optional: true } };

    get callId() {
        const value = this.props.record.data[this.props.name];
        if (this.props.record.resModel === "crm.call" && typeof value === "boolean") {
            return value ? this.props.record.resId : false;
        }
        if (Array.isArray(value)) {
            return value[0];
        }
        return value?.id || false;
    }
}

registry.category("fields").add("sales_panel_call_player", {
    component: CallPlayerField,
    supportedTypes: ["boolean", "many2one"],
    extractProps: ({ options, string }) => ({ label: options.label ? string : undefined }),
});
