from . import test_access
from . import test_tier
from . import test_profile
from . import test_outside_roles
from . import test_access_matrix
from . import test_figures
from . import test_rules_screen
