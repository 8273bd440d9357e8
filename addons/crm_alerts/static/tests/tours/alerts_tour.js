import { registry } from "@web/core/registry";
import { latinDigits } from "@crm_sales_base/digits/digits";

registry.category("web_tour.tours").add("crm_alerts_red_and_banner", {
    steps: () => [
        {
            content: "The agent lands on their home",
            trigger: ".o_sales_panel_home .o_sales_panel_today",
        },
        {
            content: "Persian is laid out right to left: the apps menu is on the right",
            trigger: ".o_main_navbar .o_navbar_apps_menu",
            run() {
                const box = document.querySelector(".o_main_navbar .o_navbar_apps_menu").getBoundingClientRect();
                if (getComputedStyle(document.body).direction !== "rtl" || box.left < window.innerWidth / 2) {
                    throw new Error("the page is not laid out right to left");
                }
            },
        },
        {
            content: "The overdue banner is at the top of the page",
            trigger: ".o_navbar .o_sales_panel_banner:contains('کار عقب‌افتاده t_agent_a1: 1')",
        },
        {
            content: "The top bar shows a red alert",
            trigger: ".o_sales_panel_alerts_systray .o_sales_panel_pill.text-bg-danger:contains('1')",
        },
        {
            trigger: ".o_sales_panel_alerts_toggle",
            run: "click",
        },
        {
            content: "With the configured red text",
            trigger: ".o_sales_panel_alert.text-bg-danger:contains('متن قرمز: t_agent_a1 میانگین 2.0')",
        },
        {
            content: "The average is red on the home too",
            trigger: ".o_sales_panel_avg.text-bg-danger",
        },
        {
            content: "Mark the overdue task done",
            trigger: ".o_sales_panel_home_overdue .o_sales_panel_done",
            run: "click",
        },
        {
            content: "The banner is gone",
            trigger: ".o_navbar:not(:has(.o_sales_panel_banner))",
        },
    ],
});

registry.category("web_tour.tours").add("crm_alerts_green", {
    steps: () => [
        {
            content: "The top bar shows a green alert",
            trigger: ".o_sales_panel_alerts_systray .o_sales_panel_pill.text-bg-success:contains('1')",
        },
        {
            trigger: ".o_sales_panel_alerts_toggle",
            run: "click",
        },
        {
            content: "With the configured green text",
            trigger: ".o_sales_panel_alert.text-bg-success:contains('متن سبز: t_agent_a2 میانگین 4.0')",
        },
        {
            content: "No red alert and no banner",
            trigger: "body:not(:has(.o_sales_panel_pill.text-bg-danger)):not(:has(.o_sales_panel_banner))",
        },
    ],
});

registry.category("web_tour.tours").add("crm_alerts_rule_persian_digits", {
    steps: () => [
        {
            content: "A manager types the threshold in Persian digits",
            trigger: ".o_form_view .o_field_widget[name='threshold'] input",
            run: "edit ۲۵٫۵",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, and shown again as the number typed (in the reader's digits)",
            trigger:
                ".o_form_view:has(.o_form_status_indicator_buttons.invisible) .o_form_saved .o_field_widget[name='threshold'] input",
            run() {
                if (Number(latinDigits(this.anchor.value)) !== 25.5) {
                    throw new Error(`the threshold reads ${this.anchor.value}`);
                }
            },
        },
    ],
});

// The top bar's numbers (the pill's count, the alert's and the banner's messages) in the
// reader's digits: Persian digits and separators for a Persian-digit reader, Latin ones
// for the others.
function topBarDigitsSteps({ count, average, overdue, foreign }) {
    const check = (text, expected, where) => {
        if (text.trim() !== expected) {
            throw new Error(`${where} reads "${text.trim()}", expected "${expected}"`);
        }
        if (foreign.test(text)) {
            throw new Error(`${where} has digits of the other kind: "${text.trim()}"`);
        }
    };
    return [
        {
            content: "The red pill counts one alert in the reader's digits",
            trigger: ".o_sales_panel_alerts_systray .o_sales_panel_pill.text-bg-danger",
            run() {
                check(this.anchor.textContent, count, "the pill");
            },
        },
        {
            content: "The overdue banner's count in the reader's digits",
            trigger: ".o_navbar .o_sales_panel_banner",
            run() {
                check(this.anchor.textContent, overdue, "the banner");
            },
        },
        {
            trigger: ".o_sales_panel_alerts_toggle",
            run: "click",
        },
        {
            content: "The alert's average in the reader's digits and decimal point",
            trigger: ".o_sales_panel_alert.text-bg-danger .o_sales_panel_alert_message",
            run() {
                check(this.anchor.textContent, average, "the alert");
            },
        },
    ];
}

registry.category("web_tour.tours").add("crm_alerts_top_bar_persian_digits", {
    steps: () =>
        topBarDigitsSteps({
            count: "۱",
            average: "متن قرمز: Ali Rezaei میانگین ۲٫۰",
            overdue: "کار عقب‌افتاده Ali Rezaei: ۱",
            foreign: /[0-9]/,
        }),
});

registry.category("web_tour.tours").add("crm_alerts_top_bar_latin_digits", {
    steps: () =>
        topBarDigitsSteps({
            count: "1",
            average: "متن قرمز: Ali Rezaei میانگین 2.0",
            overdue: "کار عقب‌افتاده Ali Rezaei: 1",
            foreign: /[\u06F0-\u06F9\u0660-\u0669]/,
        }),
});
