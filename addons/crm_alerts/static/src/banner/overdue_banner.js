import { Component, useState, xml } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { useService } from "@web/core/utils/hooks";
import { NavBar } from "@web/webclient/navbar/navbar";
import { displayText } from "@crm_sales_base/digits/digits";
import { COLOR_CLASSES } from "../services/alerts_service";

/** F13: banner alerts (overdue tasks) under the main menu, on every page. */
export class AlertsBanner extends Component {
    static template = xml`
        <div t-foreach="banners" t-as="alert" t-key="alert.id" role="alert"
             t-attf-class="o_sales_panel_banner px-3 py-1 small {{ colorClass(alert) }}">
            <i class="fa fa-exclamation-triangle me-2" aria-hidden="true"/>
            <span t-esc="text(alert.message)"/>
        </div>`;
    static props = {};

    setup() {
        this.alerts = useState(useService("sales_panel_alerts").state);
    }

    get banners() {
        return this.alerts.alerts.filter((alert) => alert.display === "banner");
    }

    colorClass(alert) {
        return COLOR_CLASSES[alert.color];
    }

    /** The alert's message, its numbers with the user's digits (as the top bar's). */
    text(value) {
        return displayText(value);
    }
}

patch(NavBar, { components: { ...NavBar.components, AlertsBanner } });
