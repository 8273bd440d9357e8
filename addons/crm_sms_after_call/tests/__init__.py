from . import test_install
from . import test_lib
from . import test_templates
from . import test_after_call
from . import test_sending
from . import test_delivery_report
from . import test_access
from . import test_faults
