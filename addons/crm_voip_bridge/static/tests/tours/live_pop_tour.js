import { registry } from "@web/core/registry";
import { browser } from "@web/core/browser/browser";

const CARD = ".o_sales_panel_call_cards .o_sales_panel_call_card";

// The screen pop (T3): the bus notifications of two calls of the agent are waiting when the
// web client starts; both cards are stacked, the known caller's with what the agent needs.
registry.category("web_tour.tours").add("crm_voip_bridge_live_pop", {
    steps: () => [
        {
            content: "The known caller's card: the contact, with the gold tier colour",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_name:contains('Customer of A1')`,
            // The page's websocket connects after the web client started (slow on a busy test machine).
            timeout: 60000,
        },
        {
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_tier[data-tier='gold'].text-bg-warning`,
        },
        {
            content: "The personality note",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_note:contains('Likes short calls')`,
        },
        {
            content: "The company",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_company:contains('Company of A1')`,
        },
        {
            content: "The open quotation with its amount",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_quotations li:contains('SQ-POP-1')`,
        },
        {
            content: "The last call plays its recording",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_call .o_sales_panel_play`,
        },
        {
            content: "The second call rings on its own card, stacked",
            trigger: `${CARD}[data-state='ringing'] .o_sales_panel_new_contact`,
        },
        {
            content: "While talking, the agent writes what was said",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_description textarea`,
            run: "edit Wants three pumps",
        },
        {
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_save_description:enabled`,
            run: "click",
        },
        {
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_description_saved`,
        },
        {
            content: "Open the contact from the card",
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_open_contact`,
            run: "click",
        },
        {
            content: "The contact's form opens; the card stays",
            trigger: `.o_form_view .o_field_widget[name='email'] input:value('a1@example.com'), .o_form_view .o_field_widget[name='email']:contains('a1@example.com')`,
        },
        {
            trigger: `${CARD}[data-state='talking'] .o_sales_panel_card_name`,
        },
        {
            content: "One call button per number",
            trigger: ".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial",
            run() {
                const buttons = document.querySelectorAll(".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial");
                if (buttons.length !== 1) {
                    throw new Error(`${buttons.length} call buttons on the phone`);
                }
            },
        },
        {
            content: "Call the contact's number from the form: the PBX is not connected, the button says why",
            trigger: ".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial[data-state='failed'] + .o_sales_panel_dial_reason",
        },
    ],
});

// An unknown number: the new contact's form with the number filled (T13); saving it turns
// the card into the contact's.
registry.category("web_tour.tours").add("crm_voip_bridge_live_unknown", {
    steps: () => [
        {
            content: "In Persian at a phone's width the card fits the screen, laid out right to left",
            trigger: `${CARD}[data-state='ringing'] .o_sales_panel_new_contact`,
            timeout: 60000,
            run() {
                const box = document.querySelector(CARD).getBoundingClientRect();
                if (getComputedStyle(document.body).direction !== "rtl") {
                    throw new Error("the page is not laid out right to left");
                }
                if (box.left < 0 || box.right > window.innerWidth || box.width < window.innerWidth * 0.8) {
                    throw new Error(`the card does not fit a phone's screen: ${box.left}-${box.right}`);
                }
            },
        },
        {
            content: "The new contact's form has the caller's number",
            trigger: `${CARD}[data-state='ringing'] .o_sales_panel_new_contact_number`,
            run() {
                const value = this.anchor.value;
                if (value !== "+989351112233") {
                    throw new Error(`the number is not filled: ${value}`);
                }
            },
        },
        {
            trigger: `${CARD}[data-state='ringing'] .o_sales_panel_new_contact_name`,
            run: "edit Hooshang Rahimi",
        },
        {
            trigger: `${CARD}[data-state='ringing'] .o_sales_panel_create_contact`,
            run: "click",
        },
        {
            content: "The card is the new contact's",
            trigger: `${CARD}[data-state='ringing'] .o_sales_panel_card_name:contains('Hooshang Rahimi')`,
        },
    ],
});

// At hang-up the after-call step opens; closing it leaves the card asking for it (T7).
registry.category("web_tour.tours").add("crm_voip_bridge_live_after_call", {
    steps: () => [
        {
            content: "The step opens by itself at hang-up",
            trigger: ".modal .o_sales_panel_next_step",
            timeout: 60000,
        },
        {
            content: "The agent tries to skip it",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "The card stays, with no way to close it, asking for the step",
            trigger: `body:not(:has(.modal)) ${CARD}[data-state='ended']:not(:has(.o_sales_panel_card_close)) .o_sales_panel_card_step`,
        },
        {
            trigger: `${CARD}[data-state='ended'] .o_sales_panel_next_step_button`,
            run: "click",
        },
        {
            content: "Call back",
            trigger: ".modal .o_field_widget[name='step'] input[data-value='call']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='date_start'] input",
        },
        {
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The card says the call is done and may be closed",
            trigger: `body:not(:has(.modal)) ${CARD}[data-state='ended'] .o_sales_panel_card_done`,
        },
        {
            trigger: `${CARD}[data-state='ended'] .o_sales_panel_card_close`,
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_sales_panel_call_card))",
        },
    ],
});

// Click-to-call (T1) from the calls journal at a phone's width: the request is queued for
// the PBX; the journal lists the call ringing now (T2).
registry.category("web_tour.tours").add("crm_voip_bridge_live_dial", {
    steps: () => [
        {
            content: "The journal shows the ringing call (as cards on a phone)",
            trigger: ".o_kanban_view .o_kanban_record .o_field_widget[name='live_state'] .badge.text-bg-success",
            timeout: 60000,
        },
        {
            content: "Call the number of a call from the journal",
            trigger: ".o_kanban_view .o_kanban_record .o_field_widget[name='number_raw'] .o_sales_panel_dial",
            run: "click",
        },
        {
            trigger: ".o_kanban_view .o_kanban_record .o_field_widget[name='number_raw'] .o_sales_panel_dial[data-state='queued'][data-request-id]:not([data-request-id=''])",
        },
        {
            content: "The click did not open the call",
            trigger: ".o_kanban_view",
        },
    ],
});

// "My missed calls" (T2) is open while a call rings; the test has the service store it as
// missed once the list is on screen: the list shows it without a page reload.
registry.category("web_tour.tours").add("crm_voip_bridge_live_missed", {
    steps: () => [
        {
            content: "My missed calls, on screen",
            trigger: ".o_list_view",
            timeout: 60000,
        },
        {
            content: "The call missed meanwhile appears by itself",
            trigger: ".o_list_view .o_data_row .o_field_widget[name='number_raw']:contains('0935 111 2299')",
            timeout: 60000,
        },
    ],
});

// Click-to-call (T1) from a quotation: the customer's phone in the quotations' list and on
// the quotation's form has the call button.
registry.category("web_tour.tours").add("crm_voip_bridge_quotation_dial", {
    steps: () => [
        {
            content: "The quotations' list shows the customer's phone with its call button",
            trigger: ".o_list_view .o_data_row:contains('SQ-DIAL-1') .o_field_widget[name='partner_phone'] .o_sales_panel_dial",
            timeout: 60000,
        },
        {
            trigger: ".o_list_view .o_data_row:contains('SQ-DIAL-1') td[name='name']",
            run: "click",
        },
        {
            content: "The quotation's form: the customer's phone, one click to call",
            trigger: ".o_form_view .o_field_widget[name='partner_phone'] .o_sales_panel_dial",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_phone'] .o_sales_panel_dial[data-state='queued'][data-request-id]:not([data-request-id=''])",
        },
    ],
});

// Click-to-call (T1) to a number the PBX refuses at once: its "failed" notification reaches
// the page before the RPC that queued the request answered (held here until the bus told
// the page); the button still says the call failed, and why.
registry.category("web_tour.tours").add("crm_voip_bridge_dial_refused_early", {
    steps: () => [
        {
            content: "The contact's phone with its call button",
            trigger: ".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial",
            timeout: 60000,
            run() {
                const env = odoo.__WOWL_DEBUG__.root.env;
                window.__salesPanelDialFailed = false;
                env.services.bus_service.subscribe("sales_panel/dial", (payload) => {
                    if (payload.state === "failed") {
                        window.__salesPanelDialFailed = true;
                    }
                });
                // The answer of sales_panel_dial is handed to the web client only once the
                // bus brought the request's failure (at most 60 s later).
                const Original = browser.XMLHttpRequest;
                browser.XMLHttpRequest = class extends Original {
                    open(method, url, ...rest) {
                        this.salesPanelDial = String(url).includes("/sales_panel_dial");
                        return super.open(method, url, ...rest);
                    }
                    addEventListener(type, listener, ...rest) {
                        if (type !== "load") {
                            return super.addEventListener(type, listener, ...rest);
                        }
                        // (the web client listens before it opens the request)
                        const held = (...args) => {
                            if (!this.salesPanelDial) {
                                return listener.apply(this, args);
                            }
                            const started = Date.now();
                            const release = () => {
                                if (window.__salesPanelDialFailed || Date.now() - started > 60000) {
                                    document.body.dataset.salesPanelDialHeld = window.__salesPanelDialFailed ? "bus-first" : "timeout";
                                    listener.apply(this, args);
                                } else {
                                    setTimeout(release, 50);
                                }
                            };
                            release();
                        };
                        return super.addEventListener(type, held, ...rest);
                    }
                };
            },
        },
        {
            content: "Call the number",
            trigger: ".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial",
            run: "click",
        },
        {
            content: "The bus told the failure before the RPC answered",
            trigger: "body[data-sales-panel-dial-held='bus-first']",
            timeout: 60000,
        },
        {
            content: "The button says the call failed, with the PBX's reason",
            trigger: ".o_form_view .o_field_widget[name='phone'] .o_sales_panel_dial[data-state='failed'] + .o_sales_panel_dial_reason:contains('Originate failed')",
        },
    ],
});
