import { registry } from "@web/core/registry";

// At a phone's width (375x667), in Persian: the agent presses "Next call" and gets a number of their
// team's list; they say the person asked to be called later, with a date: the number waits
// for its call-back.
registry.category("web_tour.tours").add("crm_call_list_next_call", {
    steps: () => [
        {
            content: "Next call opens the number to call",
            trigger: ".o_form_view .o_field_widget[name='number_raw']:contains('0912 000 0021')",
            // The web client starts slowly on a busy test machine.
            timeout: 60000,
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name']:contains('Parisa Sadeghi'), .o_form_view .o_field_widget[name='name'] input:value('Parisa Sadeghi')",
        },
        {
            content: "Set the outcome",
            trigger: ".o_form_view button.o_call_list_set_outcome",
            run: "click",
        },
        {
            content: "The person asks to be called later",
            trigger: ".modal .o_field_widget[name='outcome_id'] label:contains('بعداً تماس بگیرید')",
            run: "click",
        },
        {
            content: "The date and time of the call-back is asked for",
            trigger: ".modal .o_field_widget[name='callback_date'] input",
            run: "edit 2099-01-05 10:30:00",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit After the holidays",
        },
        {
            trigger: ".modal button.o_call_list_outcome_save",
            run: "click",
        },
        {
            content: "The number waits for its call-back",
            trigger: ".o_form_view .o_field_widget[name='callback_date']",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// Next call again: the call-back is not due, so a new number comes; the agent could not
// reach the person: the number goes back to the pool.
registry.category("web_tour.tours").add("crm_call_list_no_answer", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='number_raw']:contains('0912 000 0022')",
            timeout: 60000,
        },
        {
            trigger: ".o_form_view button.o_call_list_set_outcome",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='outcome_id'] label:contains('پاسخ نداد')",
            run: "click",
        },
        {
            content: "No date is asked for",
            trigger: ".modal:not(:has(.o_field_widget[name='callback_date'] input))",
        },
        {
            trigger: ".modal button.o_call_list_outcome_save",
            run: "click",
        },
        {
            content: "The call is in the number's history",
            trigger: ".o_form_view .o_field_widget[name='attempt_ids'] .o_data_row:contains('پاسخ نداد')",
        },
        {
            content: "Back to the pool: nobody holds it, nothing to give back",
            trigger: ".o_form_view:not(:has(button[name='action_release']))",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
