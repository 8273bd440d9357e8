from . import key_people
