import { registry } from "@web/core/registry";
import {
    assertNoSidewaysScroll,
    assertOnScreen,
    assertPhone,
    assertTouchTargets,
} from "@crm_sales_base/../tests/tours/mobile_checks";

// F3 on the move: the chase list as cards at a phone's width, a quotation opened from it,
// a follow-up logged.
registry.category("web_tour.tours").add("crm_proforma_followup_mobile_chase", {
    steps: () => [
        {
            timeout: 60000,
            content: "The chase list opens as cards on a phone",
            trigger: ".o_kanban_view .o_sales_panel_chase_card:contains('MOB-BIG')",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                if (document.querySelector(".o_list_view")) {
                    throw new Error("a wide table on a phone");
                }
                const cards = [...document.querySelectorAll(".o_sales_panel_chase_card")];
                if (!cards[0].textContent.includes("MOB-BIG")) {
                    throw new Error("the largest amount is not first");
                }
                // Customer, amount in tens of billions, tier, state, next date: on the screen, whole.
                assertOnScreen(".o_sales_panel_chase_card .o_sales_panel_card_customer");
                assertOnScreen(".o_sales_panel_chase_card .o_sales_panel_card_amount");
                assertOnScreen(".o_sales_panel_chase_card .o_sales_panel_card_next");
                assertOnScreen(".o_sales_panel_chase_card [name='company_tier'] .badge");
                assertOnScreen(".o_sales_panel_chase_card [name='state'] .badge");
                // One touch calls the customer.
                assertOnScreen(".o_sales_panel_chase_card .o_sales_panel_card_phone");
                assertTouchTargets(".o_sales_panel_chase_card .o_sales_panel_dial");
                assertTouchTargets(".o_sales_panel_chase_card .o_sales_panel_card_followup");
            },
        },
        {
            content: "The gold tier in its colour, the special amount in red",
            trigger:
                ".o_sales_panel_chase_card:contains('MOB-BIG'):has([name='company_tier'] .badge.text-bg-warning):has(.o_sales_panel_card_amount.text-danger)",
        },
        {
            content: "Open the quotation from its card",
            trigger: ".o_sales_panel_chase_card:contains('MOB-BIG') .o_sales_panel_card_customer",
            run: "click",
        },
        {
            content: "The quotation opens",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('MOB-BIG')",
            run() {
                assertNoSidewaysScroll();
            },
        },
        {
            content: "Its actions are in the cog menu on a phone",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu button[name='action_log_followup']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Called from the car: they sign on Saturday",
        },
        {
            trigger: ".modal button[name='action_log']",
            run() {
                assertOnScreen(".modal button[name='action_log']");
                assertNoSidewaysScroll();
            },
        },
        {
            trigger: ".modal button[name='action_log']",
            run: "click",
        },
        {
            content: "The follow-up is logged, back on the quotation",
            trigger: "body:not(:has(.modal)) .o_form_view .o-mail-Message:contains('they sign on Saturday')",
        },
    ],
});

// F6 at a phone's width: the blocking notice fits the screen and clears.
registry.category("web_tour.tours").add("crm_proforma_followup_mobile_task_guard", {
    steps: () => [
        {
            timeout: 60000,
            content: "The blocking notice lists the quotation, on the screen",
            trigger: ".o_sales_panel_task_guard .o_sales_panel_task_guard_row:contains('TG-MOBILE')",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                assertOnScreen(".o_sales_panel_task_guard_card");
                assertOnScreen(".o_sales_panel_task_guard_row > *");
                assertTouchTargets(".o_sales_panel_task_guard_row .btn");
                // It covers the menu button of the phone layout.
                const menu = document.querySelector(".o_main_navbar .o_menu_toggle").getBoundingClientRect();
                const hit = document.elementFromPoint(menu.left + menu.width / 2, menu.top + menu.height / 2);
                if (!hit.closest(".o_sales_panel_task_guard")) {
                    throw new Error("the menus are reachable while blocked");
                }
            },
        },
        {
            trigger: ".o_sales_panel_task_guard .o_sales_panel_open",
            run: "click",
        },
        {
            content: "The quotation is shown under a red band that fits the screen",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('TG-MOBILE')",
            run() {
                assertOnScreen(".o_sales_panel_task_guard_band");
                assertOnScreen(".o_sales_panel_task_guard_band .o_sales_panel_show_list");
                assertTouchTargets(".o_sales_panel_task_guard_band .btn");
                const menu = document.querySelector(".o_main_navbar .o_menu_toggle").getBoundingClientRect();
                const hit = document.elementFromPoint(menu.left + menu.width / 2, menu.top + menu.height / 2);
                if (!hit.closest(".o_sales_panel_task_guard_band")) {
                    throw new Error("the menus are reachable while a quotation has no task");
                }
            },
        },
        {
            trigger: ".o_sales_panel_task_guard_band .o_sales_panel_show_list",
            run: "click",
        },
        {
            trigger: ".o_sales_panel_task_guard .o_sales_panel_schedule",
            run: "click",
        },
        {
            trigger: ".modal .o_form_view [name='summary'] input",
            run: "edit Call back from the road",
        },
        {
            trigger: ".modal button[name='action_schedule_activities']",
            run: "click",
        },
        {
            content: "The notice is cleared",
            trigger:
                "body:not(:has(.o_sales_panel_task_guard)):not(:has(.o_sales_panel_task_guard_band)):not(:has(.modal))",
        },
    ],
});

// Issue 19: amounts in the tens of billions fit the quotation list's columns, not cut.
registry.category("web_tour.tours").add("crm_proforma_followup_amount_columns", {
    steps: () => [
        {
            timeout: 60000,
            content: "Every amount of the quotation list shows whole",
            trigger: ".o_list_view .o_data_row:contains('MOB-BIG') td[name='amount_total']",
            run() {
                const cells = [...document.querySelectorAll(
                    ".o_list_view td[name='amount_total'], .o_list_view td[name='amount_untaxed'], .o_list_view tfoot td.o_list_number"
                )].filter((cell) => cell.textContent.trim());
                if (cells.length < 3) {
                    throw new Error(`amount cells missing: ${cells.length}`);
                }
                for (const cell of cells) {
                    const content = cell.querySelector("span, .o_field_widget") || cell;
                    if (cell.scrollWidth > cell.clientWidth + 1 || content.scrollWidth > cell.clientWidth + 1) {
                        throw new Error(`"${cell.textContent.trim()}" is cut: ${content.scrollWidth} px in ${cell.clientWidth} px`);
                    }
                }
            },
        },
    ],
});
