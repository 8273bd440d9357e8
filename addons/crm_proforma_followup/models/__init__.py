from . import res_company
from . import sales_panel_rules
from . import sale_order_followup
from . import sale_order
from . import crm_call
from . import mail_activity
from . import sales_panel_figure
