import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatAmount } from "@crm_sales_base/money/amount_field";

const REFRESH_MS = 60000;

/**
 * "No quotation without a task" (F6): while an agent has open quotations without an open
 * activity, a red screen covers the other menus, lists them, and lets the agent schedule
 * an activity for each in place or open it. The server refuses the agent's other calls
 * meanwhile; this screen is the way out.
 */
export class TaskGuard extends Component {
    static template = "crm_proforma_followup.TaskGuard";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.audioRef = useRef("alarm");
        this.state = useState({ quotations: [], openedId: false });
        this.refresh = this.refresh.bind(this);
        this.onUiUpdated = this.onUiUpdated.bind(this);
        this.retrySound = this.retrySound.bind(this);
        onMounted(() => {
            this.refresh();
            this.timer = setInterval(this.refresh, REFRESH_MS);
            this.env.bus.addEventListener("ACTION_MANAGER:UI-UPDATED", this.onUiUpdated);
        });
        onWillUnmount(() => {
            clearInterval(this.timer);
            this.env.bus.removeEventListener("ACTION_MANAGER:UI-UPDATED", this.onUiUpdated);
            this.stopRetrying();
        });
    }

    onUiUpdated() {
        // Navigation only matters while quotations need a task (the minute timer finds new ones).
        if (this.state.quotations.length) {
            this.refresh();
        }
    }

    get blocked() {
        return this.state.quotations.length > 0 && !this.state.openedId;
    }

    get title() {
        return _t("Each of these quotations needs a task before you go on");
    }

    get bandText() {
        return _t("Quotations without a task: %s", this.state.quotations.length);
    }

    showList() {
        this.state.openedId = false;
    }

    formatAmount(quotation) {
        return formatAmount(quotation.amount, { currencyId: quotation.currency_id });
    }

    async refresh() {
        let quotations;
        try {
            quotations = await this.orm.silent.call("sale.order", "sales_panel_blocking_info", []);
        } catch {
            return; // offline or logged out: the server still refuses what it must
        }
        const wasBlocked = this.blocked;
        this.state.quotations = quotations;
        // "Open" turns the screen into a band over the menus, while the agent stays on the
        // quotations: leaving them brings the screen back.
        const onQuotations = this.action.currentController?.props?.resModel === "sale.order";
        if (
            this.state.openedId &&
            (!onQuotations || !quotations.some((q) => q.id === this.state.openedId))
        ) {
            this.state.openedId = false;
        }
        if (this.blocked && !wasBlocked) {
            this.notification.add(this.title, { type: "danger" });
            this.playSound();
        }
    }

    playSound() {
        const audio = this.audioRef.el;
        if (!audio) {
            return;
        }
        // Browsers refuse sound before the user's first interaction: play on it then.
        audio.currentTime = 0;
        audio.play().catch(() => {
            document.addEventListener("pointerdown", this.retrySound, true);
            document.addEventListener("keydown", this.retrySound, true);
        });
    }

    stopRetrying() {
        document.removeEventListener("pointerdown", this.retrySound, true);
        document.removeEventListener("keydown", this.retrySound, true);
    }

    retrySound() {
        this.stopRetrying();
        if (this.blocked) {
            this.audioRef.el?.play().catch(() => {});
        }
    }

    async schedule(quotation) {
        await this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Schedule an activity"),
                res_model: "mail.activity.schedule",
                views: [[false, "form"]],
                target: "new",
                context: {
                    active_model: "sale.order",
                    active_id: quotation.id,
                    active_ids: [quotation.id],
                },
            },
            { onClose: this.refresh }
        );
    }

    async open(quotation) {
        this.state.openedId = quotation.id;
        await this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "sale.order",
            res_id: quotation.id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("main_components").add("crm_proforma_followup.TaskGuard", {
    Component: TaskGuard,
});
