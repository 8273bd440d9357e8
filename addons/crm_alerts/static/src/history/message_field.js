import { registry } from "@web/core/registry";
import { TextField, textField } from "@web/views/fields/text/text_field";
import { displayText } from "@crm_sales_base/digits/digits";

/**
 * An alert's message in the history (list and cards): the server writes it with ASCII digits
 * (it is also mailed and exported); shown with the reader's digits, as the top bar and the
 * home show the same messages (``displayText``).
 */
export class AlertMessageField extends TextField {
    static template = "crm_alerts.AlertMessageField";

    get displayedText() {
        return displayText(this.props.record.data[this.props.name] || "");
    }
}

export const alertMessageField = {
    ...textField,
    component: AlertMessageField,
    supportedTypes: ["text"],
};

registry.category("fields").add("sales_panel_alert_message", alertMessageField);
