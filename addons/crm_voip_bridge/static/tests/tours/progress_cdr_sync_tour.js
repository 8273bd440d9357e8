import { registry } from "@web/core/registry";

// Issue 22: "Sync now" returns at once and the source's form follows the run's bar.
registry.category("web_tour.tours").add("crm_voip_bridge_progress_sync_now", {
    steps: () => [
        {
            content: "Sync now",
            trigger: ".o_form_view .o_form_statusbar button[name='action_sync']",
            run: "click",
        },
        {
            content: "The run waits for the scheduler, its bar shows at once",
            trigger: ".o_form_view .o_sales_panel_progress[data-state='queued']",
        },
        {
            content: "The run under way: part of the rows read, with its rate",
            trigger:
                ".o_form_view .o_sales_panel_progress[data-state='running']:not([data-done='0']):not([data-done='400']) .o_sales_panel_progress_rate",
        },
        {
            content: "The bar moved to its end",
            trigger:
                ".o_form_view .o_sales_panel_progress[data-state='done'][data-done='400'] .progress[aria-valuenow='100']",
        },
    ],
});
