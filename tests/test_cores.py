"""How many processes a build starts: one per core, or JOBS, never more than the tasks."""

from __future__ import annotations

import os

from scwres_helpers.cores import available_cores, processes_for


def test_processes_are_capped_by_the_tasks_and_by_jobs_and_are_at_least_one():
    assert processes_for(1, jobs=4) == 1
    assert processes_for(10, jobs=4) == 4
    assert processes_for(None, jobs=3) == 3  # as many tasks as come
    assert processes_for(0, jobs=2) == 1


def test_without_jobs_one_process_per_core_this_process_may_use():
    assert available_cores() == len(os.sched_getaffinity(0))
    assert processes_for(None) == available_cores()
    assert processes_for(1) == 1
