import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatAmount } from "@crm_sales_base/money/amount_field";
import { displayText } from "@crm_sales_base/digits/digits";
import { formatFloat } from "@web/core/utils/numbers";
import { deserializeDate, deserializeDateTime, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { formatInteger } from "@web/views/fields/formatters";
import { useService } from "@web/core/utils/hooks";
import { COLOR_CLASSES } from "../services/alerts_service";

/**
 * The agent's home (F3, F10, F11): today's calls, the F2 average in its colour, target
 * progress, the chase list, overdue tasks and "New quotation". Marketers get their figures
 * per day instead of quotations.
 */
export class AgentHome extends Component {
    static template = "crm_alerts.AgentHome";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.alertsService = useService("sales_panel_alerts");
        this.alerts = useState(this.alertsService.state);
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("res.users", "sales_panel_home", []);
    }

    get data() {
        return this.state.data;
    }

    get homeAlerts() {
        return this.alerts.alerts.filter((alert) => alert.display === "systray");
    }

    get avgClass() {
        // The colour of the F2 rule that fires for the average, as in the top bar.
        const alert = this.homeAlerts.find((a) => a.metric === "avg_talk_minutes");
        return (alert && COLOR_CLASSES[alert.color]) || "text-bg-light";
    }

    minutes(value) {
        return formatFloat(value, { digits: [16, 1] });
    }

    /** A count, with the user's digits (static/src/digits of crm_sales_base). */
    count(value) {
        return formatInteger(value || 0);
    }

    /** A text of the server (an alert's message), its numbers with the user's digits. */
    text(value) {
        return displayText(value);
    }

    money(value, currencyId) {
        return formatAmount(value, { currencyId: currencyId || this.data.currency_id });
    }

    /** A day the server sends ("2026-12-01") as the user reads dates (Solar Hijri or not). */
    formatDay(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    /** The local day of a moment the server sends in UTC. */
    formatLocalDay(value) {
        return value ? formatDate(deserializeDateTime(value)) : "";
    }

    percent(done, target) {
        return target ? Math.min(100, Math.round((100 * done) / target)) : 0;
    }

    colorClass(alert) {
        return COLOR_CLASSES[alert.color];
    }

    newQuotation() {
        this.action.doAction("sale.action_quotations_with_onboarding", {
            viewType: "form",
            props: { resId: false },
        });
    }

    openQuotation(id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "sale.order",
            res_id: id,
            views: [[false, "form"]],
        });
    }

    openChaseList() {
        this.action.doAction("crm_proforma_followup.action_chase_list");
    }

    openActivity(row) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: row.res_model,
            res_id: row.res_id,
            views: [[false, "form"]],
        });
    }

    async markDone(row) {
        await this.orm.call("mail.activity", "action_done", [[row.id]]);
        await Promise.all([this.load(), this.alertsService.refresh()]);
    }

    openCalls(filter) {
        this.action.doAction("crm_voip_bridge.crm_call_action", {
            additionalContext: { [`search_default_${filter}`]: 1, search_default_today: 1 },
        });
    }

    get newQuotationLabel() {
        return _t("New quotation");
    }
}

registry.category("actions").add("crm_alerts.agent_home", AgentHome);
