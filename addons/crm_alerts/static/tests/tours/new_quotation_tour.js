import { registry } from "@web/core/registry";

const PAGE_LOAD = 30000;

// F11: the agent's home offers "New quotation" (in Persian), which opens an empty quotation.
registry.category("web_tour.tours").add("crm_alerts_new_quotation", {
    steps: () => [
        {
            content: "The home's button says New quotation, not New order",
            trigger: ".o_sales_panel_home .o_sales_panel_new_quotation",
            timeout: PAGE_LOAD,
            run() {
                const label = this.anchor.textContent.trim();
                if (label !== "پیش‌فاکتور جدید") {
                    throw new Error(`the button reads "${label}"`);
                }
                this.anchor.click();
            },
        },
        {
            content: "An empty quotation opens",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            timeout: PAGE_LOAD,
            run: "edit Customer of A1",
        },
        {
            trigger: ".ui-menu-item a:contains('Customer of A1')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(Customer of A1)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved as a quotation",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
