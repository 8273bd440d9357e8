from . import sale_order_followup_wizard
from . import sale_order_lost_wizard
