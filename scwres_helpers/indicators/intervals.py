"""95% intervals of the spec: Katz log interval for a relative likelihood (adjusted-log when the
group had no events), Wilson for a proportion.

Each interval has an array form (used by ``measures`` on whole columns at once) and a
scalar form (the public, readable one). Undefined intervals are NaN, never an error,
because a zero or missing denominator is an ordinary state of the data, reported by a flag.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from scwres_helpers import codes


def katz_bounds(
    a_g: ArrayLike, n_g: ArrayLike, a_w: ArrayLike, n_w: ArrayLike, z: float = codes.Z_95
) -> tuple[np.ndarray, np.ndarray]:
    """Katz log interval of RL = (a_g/n_g)/(a_w/n_w), element-wise; NaN where any count is 0.

    SE = sqrt(1/a_g - 1/n_g + 1/a_w - 1/n_w); interval exp(ln RL -/+ z*SE).
    """
    a_g, n_g, a_w, n_w = (np.asarray(v, dtype="float64") for v in (a_g, n_g, a_w, n_w))
    defined = (a_g > 0) & (n_g > 0) & (a_w > 0) & (n_w > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rl = np.log(a_g / n_g) - np.log(a_w / n_w)
        se = np.sqrt(1.0 / a_g - 1.0 / n_g + 1.0 / a_w - 1.0 / n_w)
        lower = np.exp(log_rl - z * se)
        upper = np.exp(log_rl + z * se)
    nan = np.float64("nan")
    return np.where(defined, lower, nan), np.where(defined, upper, nan)


def adjusted_log_bounds(
    a_g: ArrayLike, n_g: ArrayLike, a_w: ArrayLike, n_w: ArrayLike, z: float = codes.Z_95
) -> tuple[np.ndarray, np.ndarray]:
    """Adjusted-log interval, element-wise: the Katz interval after adding 0.5 to each count.

    The spec gives it to rows with zero events (a_g = 0), where the Katz interval does not
    exist but a zero among many people can still be clear evidence (Fagerland, Lydersen &
    Laake 2015 recommend it among the simple intervals for a ratio of proportions). NaN
    where a denominator is 0, because then there is nothing to compare.
    """
    a_g, n_g, a_w, n_w = (np.asarray(v, dtype="float64") for v in (a_g, n_g, a_w, n_w))
    lower, upper = katz_bounds(a_g + 0.5, n_g + 0.5, a_w + 0.5, n_w + 0.5, z)
    defined = (n_g > 0) & (n_w > 0)
    nan = np.float64("nan")
    return np.where(defined, lower, nan), np.where(defined, upper, nan)


def wilson_bounds(x: ArrayLike, n: ArrayLike, z: float = codes.Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of x/n, element-wise, clamped to [0, 1]; NaN where n is 0.

    centre (p + z^2/2n)/(1 + z^2/n), half-width z*sqrt(p(1-p)/n + z^2/4n^2)/(1 + z^2/n).
    At x = 0 the exact lower bound is 0 and at x = n the exact upper bound is 1; those are
    set exactly, and the clamp removes any other rounding outside [0, 1].
    """
    x, n = (np.asarray(v, dtype="float64") for v in (x, n))
    defined = n > 0
    z2 = z * z
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denominator = 1.0 + z2 / n
        centre = (p + z2 / (2.0 * n)) / denominator
        half = z * np.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator
    nan = np.float64("nan")
    lower = np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return np.where(defined, lower, nan), np.where(defined, upper, nan)


def katz_interval(a_g: int, n_g: int, a_w: int, n_w: int, z: float = codes.Z_95) -> tuple[float, float]:
    """Katz log 95% interval of one relative likelihood; (nan, nan) when any count is 0."""
    lower, upper = katz_bounds(a_g, n_g, a_w, n_w, z)
    return float(lower), float(upper)


def adjusted_log_interval(a_g: int, n_g: int, a_w: int, n_w: int, z: float = codes.Z_95) -> tuple[float, float]:
    """Adjusted-log 95% interval of one relative likelihood; (nan, nan) when a denominator is 0."""
    lower, upper = adjusted_log_bounds(a_g, n_g, a_w, n_w, z)
    return float(lower), float(upper)


def wilson_interval(x: int, n: int, z: float = codes.Z_95) -> tuple[float, float]:
    """Wilson score 95% interval of x/n in [0, 1]; (nan, nan) when n is 0."""
    lower, upper = wilson_bounds(x, n, z)
    return float(lower), float(upper)
