import { registry } from "@web/core/registry";
import {
    assertNoSidewaysScroll,
    assertOnScreen,
    assertPhone,
} from "@crm_sales_base/../tests/tours/mobile_checks";

// SMS after calls at a phone's width: cards with the state in its colour and the reason.
registry.category("web_tour.tours").add("crm_sms_after_call_mobile", {
    steps: () => [
        {
            timeout: 60000,
            content: "The SMS open as cards on a phone",
            trigger: ".o_kanban_view .o_sales_panel_sms_card:has([name='state'] .badge.text-bg-danger):contains('Ali Rezaei')",
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                if (document.querySelector(".o_list_view")) {
                    throw new Error("a wide table on a phone");
                }
                assertOnScreen(".o_sales_panel_sms_card .o_sales_panel_card_customer");
                assertOnScreen(".o_sales_panel_sms_card [name='state'] .badge");
                assertOnScreen(".o_sales_panel_sms_card .o_sales_panel_card_reason");
            },
        },
        {
            content: "The delivered one in green",
            trigger: ".o_sales_panel_sms_card:has([name='state'] .badge.text-bg-success)",
        },
        {
            content: "An SMS opens from its card",
            trigger: ".o_sales_panel_sms_card:has([name='state'] .badge.text-bg-danger) .o_sales_panel_card_customer",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='reason']:contains('Gateway refused the number')",
            run() {
                assertNoSidewaysScroll();
            },
        },
    ],
});
