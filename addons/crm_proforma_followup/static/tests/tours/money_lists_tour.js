import { registry } from "@web/core/registry";

// Issue 19 (P4): amounts in the tens of billions, in rials or tomans, fit their column;
// phone numbers read in the national format. The texts are those the server's formatter
// writes for the same values (tests/test_money_lists.py checks it gives the same).
const PAGE_LOAD = 30000;
const NBSP = "\u00a0";

function notCut(cell) {
    if (cell.scrollWidth > cell.clientWidth + 1) {
        throw new Error(`"${cell.textContent}" is cut: ${cell.scrollWidth} px in ${cell.clientWidth} px`);
    }
}

function amountStep(expected) {
    return {
        content: `The amount reads ${expected}, whole`,
        trigger: ".o_list_view .o_data_row:contains('MONEY-QUOTE') td[name='amount_total']",
        timeout: PAGE_LOAD,
        run() {
            if (this.anchor.textContent.trim() !== expected) {
                throw new Error(`the amount reads "${this.anchor.textContent.trim()}", not "${expected}"`);
            }
            notCut(this.anchor);
            const total = document.querySelector(".o_list_view tfoot td.o_list_number");
            if (!total || total.textContent.trim() !== expected) {
                throw new Error(`the total reads "${total && total.textContent.trim()}"`);
            }
            notCut(total);
        },
    };
}

registry.category("web_tour.tours").add("crm_proforma_followup_money_rials", {
    steps: () => [amountStep(`45,000,000,000${NBSP}﷼`)],
});

registry.category("web_tour.tours").add("crm_proforma_followup_money_tomans", {
    steps: () => [
        amountStep(`4,500,000,000${NBSP}تومان`),
        {
            content: "The chase list: the same amount, bold, whole",
            trigger: ".o_list_view",
            run() {
                window.location.href = "/odoo/action-crm_proforma_followup.action_chase_list";
            },
        },
        {
            trigger: ".o_sales_panel_chase_list .o_data_row:contains('MONEY-QUOTE') td[name='amount_total']",
            timeout: PAGE_LOAD,
            run() {
                const expected = `4,500,000,000${NBSP}تومان`;
                if (this.anchor.textContent.trim() !== expected) {
                    throw new Error(`the chase list reads "${this.anchor.textContent.trim()}"`);
                }
                notCut(this.anchor);
            },
        },
    ],
});

registry.category("web_tour.tours").add("crm_proforma_followup_phone_national", {
    steps: () => [
        {
            content: "The contact list shows the stored +989121234567 as 0912 123 4567",
            trigger: ".o_list_view .o_data_row:contains('Money phone') td[name='phone'] a:contains('0912 123 4567')",
            timeout: PAGE_LOAD,
            run() {
                if (!this.anchor.getAttribute("href").replace(/\D/g, "").endsWith("9121234567")) {
                    throw new Error(`the link dials ${this.anchor.getAttribute("href")}`);
                }
                window.location.href = "/odoo/action-crm_voip_bridge.crm_call_action";
            },
        },
        {
            content: "The call journal too",
            trigger: ".o_list_view .o_data_row td[name='number_raw'] a:contains('0912 123 4567')",
            timeout: PAGE_LOAD,
        },
    ],
});
