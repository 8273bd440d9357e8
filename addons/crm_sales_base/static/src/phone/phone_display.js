import { reactive, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { patch } from "@web/core/utils/patch";
import { session } from "@web/session";
import { PhoneField } from "@web/views/fields/phone/phone_field";

import { formatPhoneWith } from "./phone_format";

/**
 * Phone numbers shown as lib/phone.py display() writes them (phone_format.js): in the
 * national format of the company's country (0912 123 4567 in Iran), in the international
 * one for other countries (+44 20 7946 0958), as they are when they are no number. Stored
 * as they are. The company's country's rules come with the session (lib/phone.py
 * national_rules); another country's are fetched the first time one of its numbers is
 * shown (/sales_panel/phone_rules/<code>), and the components showing it render again.
 */
const HOME = session.sales_panel_phone_rules || {};
const FOREIGN = reactive({});
const asked = new Set();

function rulesOf(store, code) {
    if (!(code in FOREIGN) && !asked.has(code)) {
        asked.add(code);
        browser
            .fetch(`/sales_panel/phone_rules/${code}`)
            .then((response) => (response.ok ? response.json() : {}))
            .catch(() => ({}))
            .then((rules) => {
                FOREIGN[code] = rules;
            });
    }
    // Read through the component's own state (useState) so that it renders again on arrival.
    return store[code];
}

/** ``raw`` as the suite shows numbers (a component that wants foreign numbers formatted
 * as soon as their rules arrive uses usePhoneFormat). */
export function formatPhone(raw) {
    return formatPhoneWith(raw, HOME, (code) => rulesOf(FOREIGN, code));
}

/** formatPhone for a component: it renders again when a foreign country's rules arrive. */
export function usePhoneFormat() {
    const store = useState(FOREIGN);
    return (raw) => formatPhoneWith(raw, HOME, (code) => rulesOf(store, code));
}

patch(PhoneField.prototype, {
    setup() {
        super.setup();
        this.salesPanelFormatPhone = usePhoneFormat();
    },
    get salesPanelPhoneDisplay() {
        return this.salesPanelFormatPhone(this.props.record.data[this.props.name]);
    },
});
