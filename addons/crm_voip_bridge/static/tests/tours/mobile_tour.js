import { registry } from "@web/core/registry";
import {
    assertNoSidewaysScroll,
    assertOnScreen,
    assertPhone,
    assertTouchTargets,
} from "@crm_sales_base/../tests/tours/mobile_checks";

// The call journal at a phone's width: cards, and a recording played from its card.
registry.category("web_tour.tours").add("crm_voip_bridge_mobile_play_recording", {
    steps: () => [
        {
            timeout: 60000,
            content: "The call journal opens as cards on a phone",
            trigger: ".o_kanban_view .o_kanban_record:first-child .o_sales_panel_call_card .o_sales_panel_play",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                if (document.querySelector(".o_list_view")) {
                    throw new Error("a wide table on a phone");
                }
                assertOnScreen(".o_sales_panel_call_card .o_sales_panel_card_customer");
                assertOnScreen(".o_sales_panel_call_card .o_sales_panel_card_date");
                assertOnScreen(".o_sales_panel_call_card .o_sales_panel_card_phone");
                assertTouchTargets(".o_sales_panel_call_card .o_sales_panel_play");
                assertTouchTargets(".o_sales_panel_call_card .o_sales_panel_dial");
            },
        },
        {
            content: "Play the recording from its card",
            trigger: ".o_kanban_view .o_kanban_record:first-child .o_sales_panel_play",
            run: "click",
        },
        {
            content: "It plays in the card, no page change, the player within the screen",
            trigger: ".o_kanban_view .o_kanban_record:first-child .o_sales_panel_call_player[data-advanced='1'] audio",
            run() {
                assertOnScreen(".o_sales_panel_call_card audio");
                assertNoSidewaysScroll();
                if (document.querySelector(".o_form_view")) {
                    throw new Error("the card opened the call instead of playing it");
                }
            },
        },
    ],
});

// My missed calls at a phone's width: red cards, one touch to call back.
registry.category("web_tour.tours").add("crm_voip_bridge_mobile_missed", {
    steps: () => [
        {
            timeout: 60000,
            content: "The missed call, as a red card with its number and a call button",
            trigger: ".o_kanban_view .o_sales_panel_call_card:has([name='direction'] .badge.text-bg-danger):contains('09351112233')",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                const cards = document.querySelectorAll(".o_kanban_view .o_sales_panel_call_card");
                if (cards.length !== 1) {
                    throw new Error(`${cards.length} cards: only my missed call belongs here`);
                }
                assertOnScreen(".o_sales_panel_call_card .o_sales_panel_card_phone");
                assertTouchTargets(".o_sales_panel_call_card .o_sales_panel_dial");
            },
        },
        {
            content: "The call opens from its card",
            trigger: ".o_sales_panel_call_card .o_sales_panel_card_customer",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='number_raw']:contains('0935 111 2233')",
            run() {
                assertNoSidewaysScroll();
            },
        },
    ],
});
