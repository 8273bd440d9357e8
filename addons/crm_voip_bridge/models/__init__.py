from . import res_company
from . import res_config_settings
from . import crm_cdr_source
from . import crm_call
from . import res_partner
