from . import test_import
from . import test_assignment
from . import test_outcome
from . import test_stats
from . import test_access_matrix
from . import test_tours
from . import test_roles
