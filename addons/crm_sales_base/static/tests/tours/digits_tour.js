import { registry } from "@web/core/registry";
import { assertNoSidewaysScroll, assertOnScreen, assertPhone } from "./mobile_checks";

const tours = registry.category("web_tour.tours");
const LATIN = /[0-9]/;

/** The first line of the quotation's order lines, its ``field`` cell. */
const lineCell = (field) => `.o_field_widget[name='order_line'] .o_data_row:first td[name='${field}']`;

// Persian digits typed in a float field of the quotation's lines (tests/test_digits_web.py).
tours.add("crm_sales_base_digits_typed", {
    steps: () => [
        {
            content: "The quotation is open, its quantity in Persian digits",
            trigger: `${lineCell("product_uom_qty")}:contains(۱٫۰۰)`,
            timeout: 30000,
        },
        { trigger: lineCell("product_uom_qty"), run: "click" },
        {
            content: "Type 2.5 in Persian digits and decimal point",
            trigger: `${lineCell("product_uom_qty")} input`,
            run: "edit ۲٫۵",
        },
        {
            content: "Type 1,250,000 in Persian digits and separators",
            trigger: `${lineCell("price_unit")} input`,
            run: "edit ۱٬۲۵۰٬۰۰۰",
        },
        { trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_view .o_form_saved" },
        {
            content: "Shown again in Persian digits",
            trigger: `${lineCell("product_uom_qty")}:contains(۲٫۵۰)`,
        },
        {
            trigger: `${lineCell("price_unit")}:contains(۱٬۲۵۰٬۰۰۰)`,
        },
    ],
});

// The quotations at a phone's width: cards with Persian amounts, nothing off screen.
tours.add("crm_sales_base_digits_phone", {
    steps: () => [
        {
            content: "The quotation's card shows its amount in Persian digits",
            trigger: ".o_kanban_record [name='amount_total']:contains(۱٬۵۰۲٬۰۰۰)",
            timeout: 30000,
            run() {
                assertPhone();
                assertNoSidewaysScroll();
                assertOnScreen(".o_kanban_record [name='amount_total']");
                const amounts = [...document.querySelectorAll(".o_kanban_record [name='amount_total']")];
                const latin = amounts.filter((el) => LATIN.test(el.textContent));
                if (latin.length) {
                    throw new Error(`Amounts in Latin digits: ${latin.map((el) => el.textContent).join(", ")}`);
                }
            },
        },
    ],
});
