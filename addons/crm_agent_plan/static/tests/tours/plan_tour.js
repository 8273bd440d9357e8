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

// At a phone's width, in Persian: a supervisor opens their team's plans (cards). An event
// cancelled or unreachable shows as such (grey, red), not as done (green); the agent's
// calls offer the supervisor no button (only the agent or a manager closes them); the
// agent's to-do on a quotation of the team offers Done, and Done works.
registry.category("web_tour.tours").add("crm_agent_plan_team_states", {
    steps: () => [
        {
            content: "The team's plans open as cards",
            trigger: ".o_kanban_view .o_kanban_record:contains('Plan: call the customer')",
            timeout: 60000,
        },
        {
            content: "Cancelled: grey, with its state",
            trigger: ".o_kanban_record:contains('Plan: call cancelled') .o_plan_state .text-bg-muted:contains('لغوشده')",
        },
        {
            content: "Unreachable: red, with its state",
            trigger: ".o_kanban_record:contains('Plan: customer unreachable') .o_plan_state .text-bg-danger:contains('در دسترس نبود')",
        },
        {
            content: "Done: green",
            trigger: ".o_kanban_record:contains('Plan: call done') .o_plan_state .text-bg-success",
        },
        {
            content: "The agent's calls: no button for the supervisor",
            trigger: ".o_kanban_record:contains('Plan: call the customer'):not(:has(.o_plan_done)):not(:has(.o_plan_unreachable)):not(:has(.o_plan_cancel))",
        },
        {
            content: "The agent's call-back neither",
            trigger: ".o_kanban_record:contains('Plan: call back'):not(:has(.o_plan_done)):not(:has(.o_plan_unreachable)):not(:has(.o_plan_cancel))",
        },
        {
            content: "The agent's to-do on a quotation of the team: Done",
            trigger: ".o_kanban_record:contains('Plan: send the catalogue'):not(:has(.o_plan_cancel)) button.o_plan_done",
            run: "click",
        },
        {
            content: "It is done",
            trigger: ".o_kanban_record:contains('Plan: send the catalogue'):not(:has(button.o_plan_done)) .o_plan_state .text-bg-success",
        },
    ],
});
