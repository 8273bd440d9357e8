import { registry } from "@web/core/registry";

// Issue 19: a target of 45,000,000,000 rials reads 4,500,000,000 tomans in the list, on its
// card and in its form (as the server's formatter writes it).
const NBSP = "\u00a0";
const MONTH = `4,500,000,000${NBSP}تومان`;
const WEEK = `150,000,000${NBSP}تومان`;

function reads(selector, expected) {
    return {
        content: `${selector} reads ${expected}`,
        trigger: selector,
        timeout: 30000,
        run() {
            if (this.anchor.textContent.trim() !== expected) {
                throw new Error(`"${this.anchor.textContent.trim()}", not "${expected}"`);
            }
        },
    };
}

registry.category("web_tour.tours").add("crm_alerts_targets_in_tomans", {
    steps: () => [
        reads(".o_list_view .o_data_row td[name='monthly_amount']", MONTH),
        reads(".o_list_view .o_data_row td[name='weekly_amount']", WEEK),
        {
            content: "The cards",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        reads(".o_kanban_record .o_field_widget[name='monthly_amount']", MONTH),
        reads(".o_kanban_record .o_field_widget[name='weekly_amount']", WEEK),
        {
            content: "The form: typed in tomans too",
            trigger: ".o_kanban_record .o_field_widget[name='monthly_amount']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='monthly_amount']:contains('تومان') input",
            run() {
                if (this.anchor.value !== "4,500,000,000") {
                    throw new Error(`the form's input reads "${this.anchor.value}"`);
                }
            },
        },
        {
            trigger: ".o_form_view .o_field_widget[name='monthly_amount'] input",
            run: "edit 5,000,000,000",
        },
        {
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
