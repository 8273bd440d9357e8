from . import test_install
from . import test_cdr_sync
from . import test_cdr_pgsql
from . import test_cdr_robustness
from . import test_cdr_rights
from . import test_demo_calls
from . import test_recordings
from . import test_anonymous_callers
