from . import key_people
from . import progress
from . import export
from . import phone
