import { registry } from "@web/core/registry";

// The after-call step cannot be skipped (T7): recording without a step leaves the dialog
// open with the step marked missing; with one, the call shows it.
registry.category("web_tour.tours").add("crm_voip_bridge_next_step", {
    steps: () => [
        {
            content: "Open the after-call step of the call",
            trigger: ".o_form_view button[name='action_sales_panel_next_step']",
            run: "click",
        },
        {
            content: "Dismiss the dialog",
            trigger: ".modal:has(.o_sales_panel_next_step) .modal-header .btn-close",
            run: "click",
        },
        {
            content: "The call still awaits its step: it asks again",
            trigger: "body:not(:has(.modal)) .o_form_view button[name='action_sales_panel_next_step']",
            run: "click",
        },
        {
            content: "Record it without choosing a step",
            trigger: ".modal:has(.o_sales_panel_next_step) .modal-footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The step is required: the dialog stays open",
            trigger: ".modal .o_sales_panel_next_step .o_field_invalid[name='step']",
        },
        {
            content: "The new contact is hot",
            trigger: ".modal .o_field_widget[name='temperature'] input[data-value='hot']",
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
            content: "Record the step",
            trigger: ".modal:has(.o_sales_panel_next_step) .modal-footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The dialog is gone and the call shows its step",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name='action_sales_panel_next_step'])) .o_field_widget[name='next_step'] span:not(:empty)",
        },
    ],
});
