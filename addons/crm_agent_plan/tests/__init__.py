from . import test_planners
from . import test_access
from . import test_access_matrix
from . import test_roles
from . import test_tours
from . import test_plan_states
