from . import test_install
from . import test_followups
from . import test_quotations
from . import test_task_guard
from . import test_bulk_calls
from . import test_access_wizards
from . import test_access_matrix
from . import test_figures
