import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_proforma_followup_task_guard", {
    steps: () => [
        {
            content: "The blocking screen lists the quotation without a task",
            trigger: ".o_sales_panel_task_guard .o_sales_panel_task_guard_row:contains('TG-QUOTE')",
        },
        {
            content: "Contacts cannot be reached: the screen covers the menus",
            trigger: ".o_sales_panel_task_guard",
            run() {
                const menu = document.querySelector(".o_navbar_apps_menu button, .o_main_navbar");
                const box = menu.getBoundingClientRect();
                const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                if (!hit.closest(".o_sales_panel_task_guard")) {
                    throw new Error("the menus are reachable while blocked");
                }
            },
        },
        {
            content: "Open the quotation from the blocking screen",
            trigger: ".o_sales_panel_task_guard .o_sales_panel_open",
            run: "click",
        },
        {
            content: "The quotation is shown; a red band still covers the menus",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('TG-QUOTE')",
            run() {
                const menu = document.querySelector(".o_navbar_apps_menu button, .o_main_navbar");
                const box = menu.getBoundingClientRect();
                const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                if (!hit.closest(".o_sales_panel_task_guard_band")) {
                    throw new Error("the menus are reachable while a quotation has no task");
                }
            },
        },
        {
            trigger: ".o_sales_panel_task_guard_band .o_sales_panel_show_list",
            run: "click",
        },
        {
            content: "Schedule an activity from the blocking screen",
            trigger: ".o_sales_panel_task_guard .o_sales_panel_schedule",
            run: "click",
        },
        {
            trigger: ".modal .o_form_view [name='summary'] input",
            run: "edit Call back about the quotation",
        },
        {
            trigger: ".modal button[name='action_schedule_activities']",
            run: "click",
        },
        {
            content: "No quotation is left without a task: the screen is gone",
            trigger:
                "body:not(:has(.o_sales_panel_task_guard)):not(:has(.o_sales_panel_task_guard_band)):not(:has(.modal))",
        },
        {
            content: "Contacts opens",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='contacts.menu_contacts']",
            run: "click",
        },
        {
            trigger: ".o_action_manager .o_kanban_view .o_kanban_record, .o_action_manager .o_list_view",
        },
    ],
});

registry.category("web_tour.tours").add("crm_proforma_followup_manager_not_blocked", {
    steps: () => [
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='contacts.menu_contacts']",
            run: "click",
        },
        {
            content: "A manager opens Contacts, never blocked",
            trigger: "body:not(:has(.o_sales_panel_task_guard)) .o_action_manager .o_kanban_view .o_kanban_record",
        },
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "The Sales app opens on the chase list: the special amount in its style",
            trigger: ".o_list_view .o_data_row td[name='amount_total'] .text-danger.fw-bold",
        },
        {
            trigger: ".o_menu_sections [data-menu-xmlid='sale.sale_order_menu']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='sale.menu_sale_quotations']",
            run: "click",
        },
        {
            content: "... in the quotation list, with the special badge beside it",
            trigger: ".o_list_view .o_data_row:has(td[name='amount_level'] .badge.text-bg-danger) td[name='amount_total'] .text-danger",
        },
        {
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "... and in the kanban, with its badge",
            trigger: ".o_kanban_record:has([name='amount_level'] .badge) [name='amount_total'].text-danger.fw-bold",
        },
    ],
});
