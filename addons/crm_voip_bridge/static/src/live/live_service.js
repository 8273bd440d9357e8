import { reactive } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { CallCards } from "./call_cards";

/**
 * The screen pop (T3): every "sales_panel/call" bus notification the live-call service
 * sends to the agent (payload {call_id, linkedid, state, direction, number, partner_id,
 * extension}) opens or updates one card per call; several calls stack, none is lost. At
 * hang-up a call that requires an after-call step opens it (T7); its card stays until
 * the step is recorded.
 */
export const salesPanelLiveService = {
    dependencies: ["bus_service", "orm", "action"],
    start(env, { bus_service: bus, orm, action }) {
        const state = reactive({ cards: [] });

        function find(callId) {
            return state.cards.find((card) => card.callId === callId);
        }

        function close(callId) {
            const index = state.cards.findIndex((card) => card.callId === callId);
            if (index >= 0) {
                state.cards.splice(index, 1);
            }
        }

        async function load(callId) {
            const card = find(callId);
            if (!card) {
                return;
            }
            try {
                card.data = await orm.call("crm.call", "sales_panel_card", [callId]);
                card.error = false;
            } catch (error) {
                if (card.state === "ended") {
                    // A queue call another agent answered before this agent took it (or
                    // missed): its card is no longer theirs, nothing to finish.
                    close(callId);
                    return;
                }
                card.error = error.data?.message || error.message || String(error);
                return;
            }
            if (!card.dirty) {
                card.description = card.data.call.description;
            }
            if (card.state === "ended" && !card.data.call.after_call_done && !card.stepAsked) {
                card.stepAsked = true;
                await openNextStep(callId);
            }
        }

        async function openNextStep(callId) {
            const card = find(callId);
            if (card?.dirty) {
                await saveDescription(callId);
            }
            const step = await orm.call("crm.call", "action_sales_panel_next_step", [callId]);
            await action.doAction(step, { onClose: () => load(callId) });
        }

        async function saveDescription(callId) {
            const card = find(callId);
            if (!card) {
                return;
            }
            await orm.write("crm.call", [callId], { description: card.description || false });
            card.dirty = false;
            card.saved = true;
        }

        function onCall(payload) {
            const callId = payload.call_id;
            if (!callId) {
                return;
            }
            const card = find(callId);
            if (card) {
                card.state = payload.state;
            } else {
                state.cards.push({
                    callId,
                    number: payload.number || "",
                    direction: payload.direction,
                    state: payload.state,
                    data: null,
                    error: false,
                    description: "",
                    dirty: false,
                    saved: false,
                    folded: false,
                    stepAsked: false,
                });
            }
            return load(callId);
        }

        bus.subscribe("sales_panel/call", onCall);
        bus.start();

        return {
            state,
            load,
            openNextStep,
            saveDescription,
            close,
        };
    },
};

registry.category("services").add("sales_panel_live", salesPanelLiveService);
registry.category("main_components").add("SalesPanelCallCards", { Component: CallCards, props: {} });
