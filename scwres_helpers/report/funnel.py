"""Control limits of a funnel plot of relative likelihoods (the arithmetic only).

For an authority with n minoritised staff at risk whose rates equal the national
ones, the standard error of ln RL is approximately

    SE(ln RL) = sqrt( (1 - p_g) / (n * p_g) + (1 - p_w) / (n * r * p_w) )

where p_g and p_w are the national rates of the compared group and of white staff and
r the national ratio of white to compared-group staff at risk (so n * r white staff
are assumed at risk). This is the Katz standard error with the counts replaced by
their expected values. The limits are ``pooled_rl * exp(± z * SE)``, with z = 1.959964
for 95% and z = 3.090232 for 99.8% (two-sided).
"""

from __future__ import annotations

import numpy as np

from scwres_helpers.codes import Z_95

Z_998 = 3.090232


def funnel_se(
    n_at_risk: float | np.ndarray,
    p_group: float,
    p_white: float,
    white_to_group_ratio: float,
) -> float | np.ndarray:
    """SE(ln RL) for an authority of that size with the national rates (formula above)."""
    if not (0 < p_group < 1 and 0 < p_white < 1 and white_to_group_ratio > 0):
        raise ValueError("national rates must lie strictly between 0 and 1 and the ratio be positive")
    n = np.asarray(n_at_risk, dtype=float)
    if np.any(n <= 0):
        raise ValueError("the number at risk must be positive")
    variance = (1 - p_group) / (n * p_group) + (1 - p_white) / (n * white_to_group_ratio * p_white)
    se = np.sqrt(variance)
    return float(se) if se.ndim == 0 else se


def funnel_limits(
    n_at_risk: float | np.ndarray,
    pooled_rl: float,
    p_group: float,
    p_white: float,
    white_to_group_ratio: float,
    z: float = Z_95,
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """(lower, upper) control limits at ``n_at_risk``: pooled_rl * exp(∓ z * SE)."""
    if pooled_rl <= 0:
        raise ValueError("the pooled relative likelihood must be positive")
    se = funnel_se(n_at_risk, p_group, p_white, white_to_group_ratio)
    return pooled_rl * np.exp(-z * se), pooled_rl * np.exp(z * se)
