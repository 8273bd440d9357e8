from . import crm_cooperation_type
from . import res_partner_personality
from . import res_company
from . import res_config_settings
from . import res_partner
from . import res_users
from . import crm_lead
from . import key_people
