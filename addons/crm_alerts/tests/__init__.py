from . import test_install
from . import test_rules
from . import test_home
from . import test_tour
from . import test_report
from . import test_concurrency
from . import test_access
from . import test_access_matrix
