import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_voip_bridge_play_recording", {
    steps: () => [
        {
            content: "Play the recorded call from the list",
            trigger: ".o_list_view .o_data_row:first-child .o_sales_panel_play",
            run: "click",
        },
        {
            content: "The recording plays in the list, no page change",
            trigger: ".o_list_view .o_data_row:first-child .o_sales_panel_call_player[data-advanced='1'] audio",
        },
        {
            content: "A call whose file is gone",
            trigger: ".o_list_view .o_data_row:nth-child(2) .o_sales_panel_play",
            run: "click",
        },
        {
            content: "says so in place",
            trigger: ".o_list_view .o_data_row:nth-child(2) .o_sales_panel_recording_unavailable",
        },
    ],
});

registry.category("web_tour.tours").add("crm_voip_bridge_play_last_call", {
    steps: () => [
        {
            content: "One click on the contact plays the last recorded call",
            trigger: ".o_form_view .o_sales_panel_play",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_sales_panel_call_player[data-advanced='1'] audio",
        },
    ],
});
