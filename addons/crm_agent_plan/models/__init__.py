from . import crm_call_list_number
from . import mail_activity
from . import res_company
from . import res_users_role
from . import sales_panel_rules
