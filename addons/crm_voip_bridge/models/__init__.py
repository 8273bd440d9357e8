from . import res_company
from . import res_config_settings
from . import crm_cdr_source
from . import crm_call
from . import crm_call_number_wizard
from . import res_partner
from . import crm_lead
from . import sale_order
