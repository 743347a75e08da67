"""Work in a thread of its own, beside what the build does next, at its priority or the lowest.

The build's process mostly waits for kernels and render processes, so what no later step
needs at once (the caches, the analysts' table, starting the render processes) runs
beside. Linux gives each thread its own nice value, and a process started from a thread
inherits it: work at the lowest priority runs when a core is free.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


def beside(work: Callable[[], object], lowest_priority: bool = False) -> Future:
    """WORK in a thread of its own; ``result()`` waits for it and raises its error.

    LOWEST_PRIORITY: the thread (and any process it starts) runs when a core is free: work
    for a later build (the caches) must not slow the renders it runs beside, which it did
    by a tenth of a second of a one-authority rerun.
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scwres-build")
    try:
        return executor.submit(at_lowest_priority, work) if lowest_priority else executor.submit(work)
    finally:
        executor.shutdown(wait=False)


def at_lowest_priority(work: Callable[[], object]) -> object:
    """WORK, run with this thread niced to 19 (this thread only, on Linux; elsewhere as it is)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass
    return work()
