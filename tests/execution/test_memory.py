"""Freed heap pages go back to the system (glibc), and nothing breaks elsewhere."""

import ctypes.util
import os

import pytest

from scwres_helpers.execution import memory


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not os.path.exists("/proc/self/statm") or memory._malloc_trim() is None,
                    reason="needs Linux with glibc")
def test_pages_freed_between_kept_objects_are_given_back():
    # 32 KB blocks come from malloc's heap (below its mmap threshold); a small kept block
    # after each leaves every freed one a hole that only malloc_trim returns.
    blocks, kept = [], []
    for n in range(3000):
        blocks.append(bytearray(32 * 1024))
        kept.append(bytearray(600 + n % 7))
    del blocks
    before = resident_mb()
    assert memory.give_back_freed_memory() is True
    assert before - resident_mb() > 50  # of the 98 MB freed
    assert len(kept) == 3000


def test_without_malloc_trim_nothing_happens(monkeypatch):
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    memory._malloc_trim.cache_clear()
    try:
        assert memory.give_back_freed_memory() is False
    finally:
        memory._malloc_trim.cache_clear()
