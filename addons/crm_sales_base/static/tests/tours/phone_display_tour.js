import { registry } from "@web/core/registry";

// Issue 19: a number of the company's country in its national format, a foreign one in the
// international format once its country's rules arrive (fetched on first sight), both
// dialling the stored number.
registry.category("web_tour.tours").add("crm_sales_base_phone_display", {
    steps: () => [
        {
            content: "An Iranian mobile, nationally",
            trigger: ".o_list_view .o_data_row:contains('Phone at home') td[name='phone'] a:contains('0912 123 4567')",
            timeout: 30000,
        },
        {
            content: "A London number, internationally",
            trigger: ".o_list_view .o_data_row:contains('Phone abroad') td[name='phone'] a:contains('+44 20 7946 0958')",
            run() {
                if (!this.anchor.getAttribute("href").endsWith("+442079460958")) {
                    throw new Error(`the link dials ${this.anchor.getAttribute("href")}`);
                }
            },
        },
        {
            content: "An extension, as it is",
            trigger: ".o_list_view .o_data_row:contains('Phone extension') td[name='phone'] a:contains('101')",
        },
    ],
});
