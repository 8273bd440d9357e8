from . import crm_agent_score
from . import crm_agent_score_parameter
from . import crm_agent_score_rating
from . import score_assignment
from . import crm_lead
from . import crm_team
from . import crm_team_member
from . import res_partner
