from . import test_access_matrix
from . import test_distribution
from . import test_distribution_pbx
from . import test_install
from . import test_scores
from . import test_solar_hijri
from . import test_roles
