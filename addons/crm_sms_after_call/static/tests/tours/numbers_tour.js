import { registry } from "@web/core/registry";

// Issue 19: the SMS lists show the stored +989121234567 as the rest of the suite does,
// 0912 123 4567 (static/src/phone of crm_sales_base), and still dial the stored number.
function nationalNumber(selector) {
    return {
        content: "The number in the national format, dialling the stored number",
        trigger: `${selector} a:contains('0912 123 4567')`,
        timeout: 60000,
        run() {
            if (!this.anchor.getAttribute("href").replace(/\D/g, "").endsWith("9121234567")) {
                throw new Error(`the link dials ${this.anchor.getAttribute("href")}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("crm_sms_after_call_numbers", {
    steps: () => [
        nationalNumber(".o_list_view .o_data_row td[name='number']"),
        {
            content: "The form too",
            trigger: ".o_list_view .o_data_row td[name='partner_id']",
            run: "click",
        },
        nationalNumber(".o_form_view .o_field_widget[name='number']"),
    ],
});

registry.category("web_tour.tours").add("crm_sms_after_call_stock_numbers", {
    steps: () => [nationalNumber(".o_list_view .o_data_row td[name='number']")],
});
