import { reactive } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { session } from "@web/session";

/**
 * Click-to-call (T1): asks the server (crm.call.sales_panel_dial) to ring the user's own
 * phone and then the number; the PBX's progress arrives as "sales_panel/dial" bus
 * notifications {request_id, state: queued/ringing/answered/failed, reason}.
 */
export const salesPanelDialService = {
    dependencies: ["bus_service", "orm", "notification"],
    start(env, { bus_service: bus, orm, notification }) {
        // {number: {requestId, state, reason}}: the last request of each number, which
        // every call button showing that number follows.
        const requests = reactive({});
        const byRequest = {};
        // Notifications of requests whose RPC has not returned yet: the service may fail a
        // request (the PBX refusing it at once) before the browser knows its id. Kept by
        // request id while a dial is pending (a few at most) and replayed, in the order
        // they came, once the RPC returned.
        let pending = 0;
        const early = new Map();
        const EARLY_MAX = 20;

        function update(payload) {
            const number = byRequest[payload.request_id];
            if (!number) {
                if (pending > 0) {
                    const list = early.get(payload.request_id) || [];
                    list.push(payload);
                    early.set(payload.request_id, list);
                    while (early.size > EARLY_MAX) {
                        early.delete(early.keys().next().value);
                    }
                }
                return;
            }
            const request = requests[number];
            if (request.requestId !== payload.request_id) {
                return; // an older request of the same number
            }
            if (request.state === payload.state && request.reason === (payload.reason || "")) {
                return; // told twice (the RPC's answer and its bus notification): said once
            }
            request.state = payload.state;
            request.reason = payload.reason || "";
            if (payload.state === "failed") {
                notification.add(request.reason || _t("The call failed."), {
                    title: _t("Call to %s failed", number),
                    type: "danger",
                });
            } else if (payload.state === "ringing") {
                notification.add(_t("Calling %s: your phone rings first.", number), { type: "info" });
            } else if (payload.state === "answered") {
                notification.add(_t("Call to %s answered.", number), { type: "success" });
            }
        }

        bus.subscribe("sales_panel/dial", update);

        return {
            requests,
            get canDial() {
                return Boolean(session.sales_panel_can_dial);
            },
            async dial(number, resModel = false, resId = false) {
                requests[number] = { requestId: false, state: "queued", reason: "" };
                let result;
                pending++;
                try {
                    result = await orm.call("crm.call", "sales_panel_dial", [number], {
                        res_model: resModel || false,
                        res_id: resId || false,
                    });
                } catch (error) {
                    requests[number].state = "failed";
                    requests[number].reason = error.data?.message || error.message || "";
                    throw error;
                } finally {
                    pending--;
                }
                byRequest[result.request_id] = number;
                requests[number].requestId = result.request_id;
                update({ request_id: result.request_id, state: result.state, reason: result.reason });
                // What the bus told before the RPC returned comes after the RPC's answer.
                const told = early.get(result.request_id) || [];
                early.delete(result.request_id);
                if (!pending) {
                    early.clear();
                }
                for (const payload of told) {
                    update(payload);
                }
                return result;
            },
        };
    },
};

registry.category("services").add("sales_panel_dial", salesPanelDialService);
