"""How many processes to run: the cores this process may use, and no more than the tasks.

One home for the notebook workers (``execution``) and the render processes (``publish``).
"""

from __future__ import annotations

import os


def available_cores() -> int:
    """Cores this process may run on (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def processes_for(tasks: int | None, jobs: int | None = None) -> int:
    """Processes to start for TASKS (None: as many as there are): JOBS, else one per core,
    never more than the tasks, and at least one."""
    cores = jobs or available_cores()
    return max(1, cores if tasks is None else min(cores, tasks))
