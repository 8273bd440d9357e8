import { reactive } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

const REFRESH_MS = 5 * 60 * 1000;
export const COLOR_CLASSES = {
    red: "text-bg-danger",
    green: "text-bg-success",
    gold: "o_sales_panel_gold",
};
const SOUND_URL = "/crm_proforma_followup/static/src/audio/alarm.wav";

/**
 * The current user's alerts, shared by the top bar item, the banner and the agent home.
 * Fetched on start, when the server says they changed (bus), and every few minutes.
 */
export const salesPanelAlertsService = {
    dependencies: ["orm", "bus_service"],
    start(env, { orm, bus_service }) {
        const state = reactive({ alerts: [], loaded: false });
        if (!user.userId) {
            return { state, refresh: async () => {} };
        }
        let known = new Set();
        let audio;

        function playSound() {
            audio = audio || new Audio(SOUND_URL);
            audio.currentTime = 0;
            // Browsers refuse sound before the first interaction: then it plays on it.
            audio.play().catch(() => {
                const retry = () => audio.play().catch(() => {});
                document.addEventListener("pointerdown", retry, { once: true, capture: true });
            });
        }

        async function refresh() {
            let alerts;
            try {
                alerts = await orm.silent.call("res.users", "sales_panel_alerts", []);
            } catch {
                return; // offline or blocked for a moment: the next refresh catches up
            }
            const fresh = alerts.filter((alert) => !known.has(alert.id));
            known = new Set(alerts.map((alert) => alert.id));
            const firstLoad = !state.loaded;
            state.alerts = alerts;
            state.loaded = true;
            if (!firstLoad && fresh.some((alert) => alert.sound)) {
                playSound();
            }
        }

        bus_service.subscribe("sales_panel/alerts", refresh);
        refresh();
        setInterval(refresh, REFRESH_MS);
        return { state, refresh };
    },
};

registry.category("services").add("sales_panel_alerts", salesPanelAlertsService);
