from . import test_planners
