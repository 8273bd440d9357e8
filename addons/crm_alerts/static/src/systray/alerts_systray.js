import { Component, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatInteger } from "@web/views/fields/formatters";
import { displayText } from "@crm_sales_base/digits/digits";
import { COLOR_CLASSES } from "../services/alerts_service";

const COLORS = ["red", "gold", "green"];

/** Top bar (F2, F19): the agent's alerts of the moment, by colour; the list on click. */
export class AlertsSystray extends Component {
    static template = "crm_alerts.AlertsSystray";
    static components = { Dropdown, DropdownItem };
    static props = {};

    setup() {
        this.alerts = useState(useService("sales_panel_alerts").state);
        this.action = useService("action");
    }

    get topBarAlerts() {
        return this.alerts.alerts.filter((alert) => alert.display === "systray");
    }

    get pills() {
        return COLORS.map((color) => ({
            color,
            className: COLOR_CLASSES[color],
            count: this.topBarAlerts.filter((alert) => alert.color === color).length,
        })).filter((pill) => pill.count);
    }

    /** The pill's count and the alerts' messages with the user's digits. */
    count(value) {
        return formatInteger(value);
    }

    text(value) {
        return displayText(value);
    }

    colorClass(alert) {
        return COLOR_CLASSES[alert.color];
    }

    openAll() {
        this.action.doAction("crm_alerts.crm_alert_result_action");
    }
}

registry.category("systray").add(
    "crm_alerts.alerts",
    { Component: AlertsSystray, isDisplayed: () => true },
    { sequence: 5 }
);
