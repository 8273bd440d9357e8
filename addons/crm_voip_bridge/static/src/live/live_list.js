import { onWillUnmount } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { debounce } from "@web/core/utils/timing";
import { ListController } from "@web/views/list/list_controller";
import { listView } from "@web/views/list/list_view";

// Notifications of many calls at once (a queue ringing every agent) reload the list once.
const RELOAD_DELAY = 300;

/**
 * The live journal (T2): the calls list reloads when a call of the user rings, is answered
 * or ends ("sales_panel/call") and, for users with the call journal section and the calls
 * section at "team" or "all" (#18), when any call they watch does ("sales_panel/journal"):
 * calls in progress appear, missed calls the moment they are.
 */
export class SalesPanelLiveListController extends ListController {
    setup() {
        super.setup();
        const bus = useService("bus_service");
        const reload = debounce(() => {
            // Not loaded yet: its first load brings the call; a row being edited is left alone.
            if (this.model.root && !this.model.root.editedRecord) {
                this.model.load();
            }
        }, RELOAD_DELAY);
        const types = ["sales_panel/call", "sales_panel/journal"];
        for (const type of types) {
            bus.subscribe(type, reload);
        }
        bus.start();
        onWillUnmount(() => {
            reload.cancel();
            for (const type of types) {
                bus.unsubscribe(type, reload);
            }
        });
    }
}

registry.category("views").add("sales_panel_live_list", {
    ...listView,
    Controller: SalesPanelLiveListController,
});
