from . import res_company
from . import res_config_settings
from . import sale_order_followup
from . import sale_order
from . import crm_call
from . import mail_activity
from . import sales_panel_figure
