"""Work beside the build: in a thread of its own, at the build's priority or the lowest."""

from __future__ import annotations

import os
import threading

import pytest

from scwres_helpers.background import beside


def _priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_work_for_a_later_build_runs_beside_at_the_lowest_priority():
    """The caches are written in a thread niced to 19 (Linux: its own nice value), so the
    renders beside it have the cores; the build's own threads keep their priority."""
    mine = _priority()
    assert _beside_priority(lowest_priority=True) == 19
    assert _beside_priority(lowest_priority=False) == mine
    assert _priority() == mine


def _beside_priority(lowest_priority: bool) -> int:
    return beside(_priority, lowest_priority=lowest_priority).result()


def test_work_beside_raises_its_error_when_its_result_is_asked_for():
    def fails() -> None:
        raise ValueError("the disk is full")

    job = beside(fails, lowest_priority=True)
    with pytest.raises(ValueError, match="the disk is full"):
        job.result()
