import { registry } from "@web/core/registry";
import { latinDigits } from "@crm_sales_base/digits/digits";

const QUOTATIONS = "/odoo/action-sale.action_quotations_with_onboarding";
const RULES = "/odoo/action-crm_sales_base.action_sales_panel_rules";
// Steps right after a page load wait longer than the default 10 s: a busy test machine
// takes that long to load the web client.
const PAGE_LOAD = 30000;

// Issue 21: the demo manager lowers the gold amount on the rules screen, typing Persian
// digits, and the quotation turns gold.
registry.category("web_tour.tours").add("crm_proforma_followup_rules_big_amount", {
    steps: () => [
        {
            content: "The quotation of 5 000 000 is not a big amount yet",
            trigger: ".o_list_view .o_data_row:contains('RULES-QUOTE') td[name='name']",
            timeout: PAGE_LOAD,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name']:contains('RULES-QUOTE')",
            timeout: PAGE_LOAD,
            run() {
                if (document.querySelector(".o_form_view .ribbon")) {
                    throw new Error("the quotation is already marked as a big amount");
                }
                window.location.href = RULES;
            },
        },
        {
            content: "The rules screen of the manager's company",
            trigger: ".o_form_view .o_field_widget[name='sales_panel_gold_amount'] input",
            timeout: PAGE_LOAD,
            run: "edit ۱۰۰۰۰۰۰",
        },
        {
            content: "Persian digits are read as digits",
            trigger: ".o_form_view .o_field_widget[name='sales_panel_gold_amount'] input",
            run() {
                const value = latinDigits(this.anchor.value).replace(/[^0-9]/g, "");
                if (value !== "1000000") {
                    throw new Error(`the gold amount reads ${this.anchor.value}`);
                }
            },
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, and the change is in the log: old → new",
            trigger: ".o_form_view:has(.o_form_status_indicator_buttons.invisible) .o-mail-Chatter",
            timeout: PAGE_LOAD,
            async run() {
                // The log holds older changes too (the install's): wait for the new one.
                const goldAmountLogged = () =>
                    [...document.querySelectorAll(".o-mail-Message-trackingNew")].some((el) =>
                        latinDigits(el.textContent).replace(/[^0-9]/g, "").startsWith("1000000")
                    );
                for (let waited = 0; !goldAmountLogged(); waited += 100) {
                    if (waited > PAGE_LOAD) {
                        throw new Error("the new gold amount is not in the log");
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                window.location.href = QUOTATIONS;
            },
        },
        {
            trigger: ".o_list_view .o_data_row:contains('RULES-QUOTE') td[name='name']",
            timeout: PAGE_LOAD,
            run: "click",
        },
        {
            content: "The quotation is gold now",
            trigger: ".o_form_view .ribbon .text-bg-warning",
            timeout: PAGE_LOAD,
        },
    ],
});
