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
