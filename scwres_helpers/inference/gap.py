"""How many people a difference in rates amounts to, with an interval.

The "gap in people" of an area for action is n_g (p_g - p_w): how many more (or fewer)
of the group had the outcome than would have at the white rate. It rests on two
estimated rates, so it gets an interval: Newcombe's hybrid score interval for the
difference of two proportions (Newcombe 1998, method 10), built from each rate's Wilson
interval (l, u):

    d = p_g - p_w,
    lower = d - sqrt((p_g - l_g)^2 + (u_w - p_w)^2),
    upper = d + sqrt((u_g - p_g)^2 + (p_w - l_w)^2),

times n_g. It behaves well with small counts and zeros (unlike p +/- z SE) and stays
within -1 to 1 before scaling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scwres_helpers.codes import Z_95
from scwres_helpers.indicators.intervals import wilson_interval


@dataclass(frozen=True)
class PeopleGap:
    """n_g (p_g - p_w) and its interval, in people (negative: fewer than at the white rate)."""

    people: float
    lower: float
    upper: float


def difference_interval(a_g: int, n_g: int, a_w: int, n_w: int, z: float = Z_95) -> tuple[float, float, float]:
    """(p_g - p_w, lower, upper) by Newcombe's hybrid score method."""
    if min(a_g, n_g, a_w, n_w) < 0 or a_g > n_g or a_w > n_w:
        raise ValueError(f"counts must satisfy 0 <= a <= n, got {(a_g, n_g, a_w, n_w)}")
    if n_g == 0 or n_w == 0:
        raise ValueError("both groups need someone at risk")
    p_g, p_w = a_g / n_g, a_w / n_w
    l_g, u_g = wilson_interval(a_g, n_g, z)
    l_w, u_w = wilson_interval(a_w, n_w, z)
    d = p_g - p_w
    return d, d - math.hypot(p_g - l_g, u_w - p_w), d + math.hypot(u_g - p_g, p_w - l_w)


def people_gap(a_g: int, n_g: int, a_w: int, n_w: int, z: float = Z_95) -> PeopleGap:
    """n_g (p_g - p_w) with its interval: a_g minus what the group would have had at the white rate."""
    d, lower, upper = difference_interval(a_g, n_g, a_w, n_w, z)
    return PeopleGap(n_g * d, n_g * lower, n_g * upper)
