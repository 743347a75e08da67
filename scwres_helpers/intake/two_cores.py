"""Validating many returns on two cores: about half in a forked helper process.

A cold year of 153 returns is seconds of work for one core, and by then the other
core is idle (the kernels have booted). The helper is forked from this process, so
it imports nothing; it is given each return's bytes as read here (it never opens the
returns root, so what was hashed is what is validated) and sends back the verdicts.
If it dies, its share is validated here: slower, never lost.
Fewer than ``MIN_RETURNS`` are validated here alone (a correction, a small year),
as they are where ``fork`` does not exist.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Item = TypeVar("Item")
Verdict = TypeVar("Verdict")

# Below this many returns, starting a helper costs more than it saves.
MIN_RETURNS = 16
# The helper's share is sent in chunks of this many (see ``map_on_two_cores``).
CHUNK = 32


def can_share() -> bool:
    """Whether a helper may be forked: the platform has fork and there is a second core."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2


def map_on_two_cores(function: Callable[[Item], Verdict], items: Sequence[Item],
                     cost: Callable[[Item], float] = lambda item: 1.0) -> list[Verdict]:
    """``[function(item) for item in items]``, about half of the work in a helper process.

    COST guesses each item's work (a workbook takes ten times a folder of CSV files),
    so that both processes finish together (``shares``). FUNCTION must be a
    module-level function (the helper finds it by name) whose items and verdicts
    pickle. What FUNCTION raises in the helper is raised here, as it would be in this
    process. An interrupted call cancels the helper's chunks not yet started; it finishes
    the one it is on, and exits.
    """
    if len(items) < MIN_RETURNS or not can_share():
        return [function(item) for item in items]
    mine, theirs = shares([cost(item) for item in items])
    # The helper's share goes in chunks, and each chunk's verdicts come back as it ends: they are
    # unpickled here while this process works, not all at the end. The helper freezes what it
    # inherited, so its garbage collections do not walk (and copy) this process's objects.
    chunks = [theirs[start:start + CHUNK] for start in range(0, len(theirs), CHUNK)]
    executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                   initializer=gc.freeze)
    finished = False
    try:
        futures = [executor.submit(_map, function, [items[i] for i in chunk]) for chunk in chunks]
        verdicts = dict(zip(mine, (function(items[i]) for i in mine)))
        for chunk, future in zip(chunks, futures):
            try:
                verdicts.update(zip(chunk, future.result()))
            except (BrokenProcessPool, pickle.PicklingError):  # the helper died, or could not be sent it
                verdicts.update((i, function(items[i])) for i in chunk)
        finished = True
    finally:
        executor.shutdown(wait=finished, cancel_futures=True)
    return [verdicts[i] for i in range(len(items))]


def shares(costs: Sequence[float]) -> tuple[list[int], list[int]]:
    """The items' indices split in two of about equal cost (costliest first, each to the
    lighter share), each share in the items' order: (this process's, the helper's)."""
    loads, split = [0.0, 0.0], ([], [])
    for index in sorted(range(len(costs)), key=lambda i: -costs[i]):
        side = 0 if loads[0] <= loads[1] else 1
        loads[side] += costs[index]
        split[side].append(index)
    return sorted(split[0]), sorted(split[1])


def _map(function: Callable[[Item], Verdict], items: Sequence[Item]) -> list[Verdict]:
    return [function(item) for item in items]
