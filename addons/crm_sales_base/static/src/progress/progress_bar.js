/** @odoo-module **/
/**
 * The bar of a long job (sales.panel.progress): done of total, rate, time left, a stop
 * button when the job allows it. In a form: <widget name="sales_panel_progress"/> shows the
 * jobs of the form's record. Figures come over the bus; while a job runs the widget also
 * reads them every few seconds when the bus is silent (a proxy without websockets).
 */
import { Component, onWillStart, onWillUnmount, onWillUpdateProps, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger } from "@web/views/fields/formatters";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const BUS_TYPE = "sales_panel/progress";
const POLL_MS = 2000;

export function formatDuration(seconds) {
    seconds = Math.max(0, Math.round(seconds || 0));
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = String(seconds % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export class SalesPanelProgressBar extends Component {
    static template = "crm_sales_base.SalesPanelProgressBar";
    static props = {
        resModel: String,
        resId: { type: [Number, Boolean], optional: true },
        onFinished: { type: Function, optional: true },
    };

    setup() {
        this.orm = useService("orm");
        this.bus = useService("bus_service");
        this.state = useState({ progress: false });
        this.lastHeard = 0;
        this.onNotification = (payload) => this.receive(payload);
        this.bus.subscribe(BUS_TYPE, this.onNotification);
        onWillStart(() => this.watch(this.props));
        onWillUpdateProps((next) => {
            if (next.resModel !== this.props.resModel || next.resId !== this.props.resId) {
                this.unwatch();
                return this.watch(next);
            }
        });
        onWillUnmount(() => {
            this.unwatch();
            this.bus.unsubscribe(BUS_TYPE, this.onNotification);
        });
    }

    async watch({ resModel, resId }) {
        this.state.progress = false;
        if (!resId) {
            return;
        }
        this.channel = `sales_panel_progress:${resModel}:${resId}`;
        this.bus.addChannel(this.channel);
        await this.refresh(resModel, resId);
        this.timer = setInterval(() => this.poll(), POLL_MS);
    }

    unwatch() {
        clearInterval(this.timer);
        if (this.channel) {
            this.bus.deleteChannel(this.channel);
            this.channel = null;
        }
    }

    async refresh(resModel = this.props.resModel, resId = this.props.resId) {
        const progress = await this.orm.call("sales.panel.progress", "sales_panel_progress_of", [
            resModel,
            resId,
        ]);
        this.show(progress);
    }

    poll() {
        if (this.running && Date.now() - this.lastHeard >= POLL_MS) {
            this.refresh();
        }
    }

    receive(payload) {
        if (payload.res_model !== this.props.resModel || payload.res_id !== this.props.resId) {
            return;
        }
        this.lastHeard = Date.now();
        const current = this.state.progress;
        // A late copy of an older report (the same figures come to the starter and to the
        // record's watchers): never go back.
        if (current && current.id > payload.id) {
            return;
        }
        this.show(payload);
    }

    show(progress) {
        const wasRunning = this.running;
        this.state.progress = progress || false;
        if (wasRunning && !this.running && this.props.onFinished) {
            this.props.onFinished(progress);
        }
    }

    get running() {
        const progress = this.state.progress;
        return Boolean(progress) && ["queued", "running"].includes(progress.state);
    }

    get percent() {
        const { done, total } = this.state.progress;
        return total ? Math.min(100, Math.floor((100 * done) / total)) : 0;
    }

    get counts() {
        const { done, total, unit } = this.state.progress;
        const text = total
            ? _t("%(done)s of %(total)s", { done: formatInteger(done), total: formatInteger(total) })
            : formatInteger(done);
        return unit ? `${text} ${unit}` : text;
    }

    get rate() {
        const { rate, unit } = this.state.progress;
        return rate ? _t("%(rate)s %(unit)s/s", { rate: formatFloat(rate, { digits: [0, 0] }), unit }) : "";
    }

    get timeLeft() {
        const { time_left: left, total } = this.state.progress;
        return this.running && total && left ? _t("%(time)s left", { time: formatDuration(left) }) : "";
    }

    get stateLabel() {
        return {
            queued: _t("Waiting"),
            running: _t("Running"),
            done: _t("Done"),
            failed: _t("Failed"),
            stopped: _t("Stopped"),
        }[this.state.progress.state];
    }

    get canStop() {
        const progress = this.state.progress;
        return this.running && progress.stoppable && !progress.stop_requested;
    }

    get fileUrl() {
        const progress = this.state.progress;
        return progress.has_file ? `/sales_panel/progress/${progress.id}/file` : "";
    }

    async stop() {
        await this.orm.call("sales.panel.progress", "action_stop", [[this.state.progress.id]]);
        await this.refresh();
    }
}

/** The form widget: the jobs of the form's record; the record is read again at a job's end. */
export class SalesPanelProgressWidget extends Component {
    static template = "crm_sales_base.SalesPanelProgressWidget";
    static components = { SalesPanelProgressBar };
    static props = { ...standardWidgetProps };

    onFinished() {
        const record = this.props.record;
        if (!record.isDirty) {
            record.load();
        }
    }
}

registry.category("view_widgets").add("sales_panel_progress", {
    component: SalesPanelProgressWidget,
});
