import { registry } from "@web/core/registry";
import {
    assertNoSidewaysScroll,
    assertOnScreen,
    assertPhone,
    assertTouchTargets,
} from "@crm_sales_base/../tests/tours/mobile_checks";

// The agent's home, the alerts menu and the alerts at a phone's width (375 px).
registry.category("web_tour.tours").add("crm_alerts_mobile_home", {
    steps: () => [
        {
            timeout: 60000,
            content: "The agent lands on their home, laid out for the phone",
            trigger: ".o_sales_panel_home .o_sales_panel_home_chase .o_sales_panel_chase_card_row",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                // Amounts in the tens of billions, whole, on the screen.
                assertOnScreen(".o_sales_panel_home .o_sales_panel_home_amount");
                assertOnScreen(".o_sales_panel_home .o_sales_panel_chase_customer");
                assertOnScreen(".o_sales_panel_home .card");
                assertTouchTargets(
                    ".o_sales_panel_home .btn, .o_sales_panel_home .o_sales_panel_chase_card_row, .o_sales_panel_home .o_sales_panel_overdue_row"
                );
            },
        },
        {
            content: "The alerts of the moment in the top bar, a finger's size",
            trigger: ".o_main_navbar .o_sales_panel_alerts_toggle",
            run() {
                assertTouchTargets(".o_sales_panel_alerts_toggle");
                assertOnScreen(".o_main_navbar .o_sales_panel_alerts_toggle");
            },
        },
        {
            trigger: ".o_main_navbar .o_sales_panel_alerts_toggle",
            run: "click",
        },
        {
            content: "The alerts menu stays on the screen",
            trigger: ".o_sales_panel_alerts_menu .o_sales_panel_alert.text-bg-danger",
            run() {
                assertOnScreen(".o_sales_panel_alerts_menu");
                assertOnScreen(".o_sales_panel_alerts_menu .o_sales_panel_alert_message");
                assertTouchTargets(".o_sales_panel_alerts_menu .o_sales_panel_alerts_all");
                assertNoSidewaysScroll();
            },
        },
        {
            trigger: ".o_sales_panel_alerts_menu .o_sales_panel_alerts_all",
            run: "click",
        },
        {
            content: "All my alerts: cards, not a wide table",
            trigger: ".o_kanban_view .o_sales_panel_alert_card",
            run() {
                assertOnScreen(".o_kanban_view .o_sales_panel_alert_card");
                assertNoSidewaysScroll();
            },
        },
        {
            content: "Back to the home",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            content: "Open a quotation from the home's chase list",
            trigger: ".o_sales_panel_chase_card_row:contains('Customer of A1'):contains('99')",
            run: "click",
        },
        {
            content: "The quotation opens",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(Customer of A1)",
            run() {
                assertNoSidewaysScroll();
            },
        },
    ],
});

// A supervisor's targets at a phone's width: cards with the amounts whole.
registry.category("web_tour.tours").add("crm_alerts_mobile_targets", {
    steps: () => [
        {
            timeout: 60000,
            content: "Targets as cards",
            trigger: ".o_kanban_view .o_sales_panel_target_card:contains('t_agent_a1')",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                assertOnScreen(".o_sales_panel_target_card [name='monthly_amount']");
                assertOnScreen(".o_sales_panel_target_card [name='weekly_amount']");
            },
        },
        {
            content: "A target opens from its card",
            trigger: ".o_sales_panel_target_card:contains('t_agent_a1')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='monthly_amount']",
        },
    ],
});

// A marketer's home at a phone's width: their figures per day, whole.
registry.category("web_tour.tours").add("crm_alerts_mobile_marketer_home", {
    steps: () => [
        {
            timeout: 60000,
            content: "The marketer's days fit the phone",
            trigger: ".o_sales_panel_home .o_sales_panel_days tbody tr",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                assertOnScreen(".o_sales_panel_home .o_sales_panel_days th, .o_sales_panel_home .o_sales_panel_days td");
                assertOnScreen(".o_sales_panel_home .o_sales_panel_today .card");
            },
        },
    ],
});
