import { registry } from "@web/core/registry";

// At a phone's width (375x667), in Persian: the agent opens their plan (cards), sees what is
// overdue and what is done, and marks the quotation the system planned to chase as done.
registry.category("web_tour.tours").add("crm_agent_plan_mark_done", {
    steps: () => [
        {
            content: "The plan opens as cards, with the quotation to chase",
            trigger: ".o_kanban_view .o_kanban_record:contains('SQ-PLAN-1') button.o_plan_done",
            // The web client starts slowly on a busy test machine.
            timeout: 60000,
        },
        {
            content: "Overdue work is on the plan",
            trigger: ".o_kanban_view .o_kanban_record:contains('Overdue catalogue') .o_plan_state .text-bg-danger",
        },
        {
            content: "Done work is on the plan, without a Done button",
            trigger: ".o_kanban_view .o_kanban_record:contains('Called yesterday'):not(:has(button.o_plan_done)) .o_plan_state .text-bg-success",
        },
        {
            content: "Mark the chase done",
            trigger: ".o_kanban_record:contains('SQ-PLAN-1') button.o_plan_done",
            run: "click",
        },
        {
            content: "It stays on the plan, done",
            trigger: ".o_kanban_record:contains('SQ-PLAN-1'):not(:has(button.o_plan_done)) .o_plan_state .text-bg-success",
        },
    ],
});
