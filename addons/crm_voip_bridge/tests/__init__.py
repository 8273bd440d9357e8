from . import test_install
from . import test_cdr_sync
from . import test_cdr_pgsql
from . import test_recordings
from . import test_anonymous_callers
