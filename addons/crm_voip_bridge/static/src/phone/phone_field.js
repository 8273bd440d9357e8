import { patch } from "@web/core/utils/patch";
import { PhoneField } from "@web/views/fields/phone/phone_field";
import { useService } from "@web/core/utils/hooks";
import { SalesPanelDialButton } from "./dial_button";

// Every phone number shown with the phone widget (contacts, companies, leads, calls...)
// gets the Sales Panel's call button for users who may call (an extension: T1).
PhoneField.components = { ...PhoneField.components, SalesPanelDialButton };

patch(PhoneField.prototype, {
    setup() {
        super.setup(...arguments);
        this.salesPanelDialer = useService("sales_panel_dial");
    },

    get salesPanelNumber() {
        return this.salesPanelDialer.canDial ? this.props.record.data[this.props.name] || "" : "";
    },

    get salesPanelResId() {
        return this.props.record.resId || false;
    },
});
