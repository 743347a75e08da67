"""Integer adjustments that land pooled figures on a national target.

Random counts drawn around calibrated expectations still miss a target by sampling
noise, which with a dozen authorities is far more than the +/-0.1 the sample data
must meet. These helpers pick the smallest change to the pooled counts that hits
the target and spread it over cells without breaking any cap (a count never
exceeds the count it is bounded by, never goes below zero).
"""

from __future__ import annotations

import math

import numpy as np


def closest_counts(
    a_g: int, n_g: int, a_w: int, n_w: int, target: float, cap_g: int, cap_w: int
) -> tuple[int, int]:
    """New (a_g, a_w) whose relative likelihood is nearest ``target`` with little change.

    The reference count a_w may move by about 10% so that a small a_g can still
    land close (a_g of 7 alone only reaches the target to within 1/7).
    Errors below 0.5% of the target count as equal; then the smallest change wins.
    """
    if n_g == 0 or n_w == 0:
        return a_g, a_w
    span = max(3, int(0.1 * a_w) + 1)
    best: tuple[float, int, int, int] | None = None
    for aw in range(max(1, a_w - span), min(cap_w, a_w + span) + 1):
        ideal = target * n_g * aw / n_w
        for ag in {math.floor(ideal), math.ceil(ideal)}:
            if not 0 <= ag <= cap_g:
                continue
            error = abs((ag / n_g) / (aw / n_w) - target)
            change = abs(ag - a_g) + abs(aw - a_w)
            key = (max(error, 0.005 * target), change, ag, aw)
            if best is None or key < best:
                best = key
    if best is None:
        return a_g, a_w
    return best[2], best[3]


def take_units(counts: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """How many of k units, drawn at random without replacement, come from each cell."""
    flat = np.asarray(counts, dtype=np.int64).ravel()
    if k > flat.sum():
        raise ValueError(f"cannot take {k} units from {flat.sum()}")
    if k == 0:
        return np.zeros_like(counts, dtype=np.int64)
    return rng.multivariate_hypergeometric(flat, k).reshape(np.shape(counts))


def add_units(
    counts: np.ndarray, caps: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator
) -> np.ndarray:
    """counts plus k units placed in proportion to weights, never above caps."""
    result = np.asarray(counts, dtype=np.int64).copy()
    room = np.asarray(caps, dtype=np.int64) - result
    if k > room.sum():
        raise ValueError(f"no room for {k} more units")
    left = k
    while left > 0:
        w = np.where(room > 0, np.asarray(weights, dtype=float), 0.0)
        if w.sum() <= 0:
            w = (room > 0).astype(float)
        draw = rng.multinomial(left, (w / w.sum()).ravel()).reshape(result.shape)
        added = np.minimum(draw, room)
        result += added
        room -= added
        left -= int(added.sum())
    return result


def shift_total(
    counts: np.ndarray,
    caps: np.ndarray,
    weights: np.ndarray,
    new_total: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """counts changed so that they sum to new_total: remove at random, or add by weight."""
    delta = int(new_total) - int(np.sum(counts))
    if delta < 0:
        return np.asarray(counts, dtype=np.int64) - take_units(counts, -delta, rng)
    return add_units(counts, caps, weights, delta, rng)
