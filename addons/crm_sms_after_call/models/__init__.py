from . import res_company
from . import res_config_settings
from . import sales_panel_rules
from . import crm_sms_kind
from . import crm_sms_after_call
from . import sms_sms
from . import sms_tracker
from . import crm_call
