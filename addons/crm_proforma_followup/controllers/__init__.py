from . import task_guard
