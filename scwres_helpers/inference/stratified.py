"""The national relative likelihood within authorities: Mantel-Haenszel, stratified by authority.

The pooled national RL (the contract's headline) compares all minoritised staff with all
white staff. Where authorities differ both in their share of minoritised staff and in
their rates, the pooled RL mixes the comparison within authorities with the comparison
between them (Simpson's paradox). The Mantel-Haenszel RL compares staff within each
authority and averages those comparisons:

    RL_MH = sum_k R_k / sum_k S_k,   R_k = a_k n0_k / T_k,   S_k = b_k n1_k / T_k,

where in authority k, a_k of n1_k minoritised and b_k of n0_k white staff had the
outcome and T_k = n1_k + n0_k.

Two intervals, because they answer different questions:
- Greenland-Robins (1985) variance of ln RL_MH, valid however small each authority is,
  assuming one common RL and binomial variation within authorities;
- cluster-robust: authorities as independent clusters, Var(ln RL_MH) =
  K/(K-1) sum_k (R_k - RL_MH S_k)^2 / R^2 (the linearised variance of a ratio of
  totals), with a t interval on K - 1 degrees of freedom. It stays honest when the
  authorities' RLs differ more than chance allows (over-dispersion).

How much they differ: phi = Q / (K' - 1), Cochran's Q of the authorities' ln RL (Katz
weights) around ln RL_MH, over the K' authorities with every count above 0. phi near 1
is what chance alone gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from scwres_helpers.codes import Z_95


@dataclass(frozen=True)
class Stratified:
    """The Mantel-Haenszel RL with both intervals and the between-authority dispersion."""

    relative_likelihood: float
    strata: int  # authorities with both groups at risk (they carry the estimate)
    se_log: float  # Greenland-Robins
    ci_lower: float
    ci_upper: float
    robust_se_log: float  # cluster-robust
    robust_ci_lower: float
    robust_ci_upper: float
    phi: float  # Q / (K' - 1)
    q: float
    phi_strata: int  # K': authorities in Q


def mantel_haenszel(
    a_g: ArrayLike, n_g: ArrayLike, a_w: ArrayLike, n_w: ArrayLike, z: float = Z_95
) -> Stratified:
    """RL_MH over strata (one element per authority) with Greenland-Robins and cluster-robust intervals.

    ``z`` sets the Greenland-Robins interval (1.959964 for 95%); the robust interval uses
    the t point with the same two-sided coverage on K - 1 degrees of freedom. Without
    events in either group overall, there is no estimate (ValueError).
    """
    from scipy import stats  # here, not at import: the authority reports import this module and never call it

    a, n1, b, n0 = (np.asarray(v, dtype=float).ravel() for v in (a_g, n_g, a_w, n_w))
    if not len(a) == len(n1) == len(b) == len(n0):
        raise ValueError("the four count arrays must have one element per authority")
    if (np.minimum.reduce([a, n1, b, n0]) < 0).any() or (a > n1).any() or (b > n0).any():
        raise ValueError("counts must satisfy 0 <= events <= at risk")
    informative = (n1 > 0) & (n0 > 0)
    a, n1, b, n0 = a[informative], n1[informative], b[informative], n0[informative]
    total = n1 + n0
    r_k = a * n0 / total
    s_k = b * n1 / total
    r, s = r_k.sum(), s_k.sum()
    if r == 0 or s == 0:
        raise ValueError("no Mantel-Haenszel estimate: no events in one of the groups within authorities")
    rl = r / s
    # Greenland & Robins (1985): sum_k (n1 n0 (a + b) - a b T) / T^2 / (R S)
    variance = np.sum((n1 * n0 * (a + b) - a * b * total) / total**2) / (r * s)
    se = math.sqrt(variance)
    strata = len(a)
    coverage = 2 * stats.norm.sf(z)  # two-sided tail area of the requested interval
    if strata >= 2:
        robust_se = math.sqrt(strata / (strata - 1) * np.sum((r_k - rl * s_k) ** 2) / r**2)
        t = float(stats.t.isf(coverage / 2, strata - 1))
        robust = (rl * math.exp(-t * robust_se), rl * math.exp(t * robust_se))
    else:
        robust_se, robust = math.nan, (math.nan, math.nan)
    q, phi, phi_strata = _dispersion(a, n1, b, n0, math.log(rl))
    return Stratified(
        relative_likelihood=rl,
        strata=strata,
        se_log=se,
        ci_lower=rl * math.exp(-z * se),
        ci_upper=rl * math.exp(z * se),
        robust_se_log=robust_se,
        robust_ci_lower=robust[0],
        robust_ci_upper=robust[1],
        phi=phi,
        q=q,
        phi_strata=phi_strata,
    )


def _dispersion(
    a: np.ndarray, n1: np.ndarray, b: np.ndarray, n0: np.ndarray, log_rl: float
) -> tuple[float, float, int]:
    """Cochran's Q around ln RL_MH with Katz weights, and phi = Q / (K' - 1)."""
    usable = (a > 0) & (b > 0) & ((a < n1) | (b < n0))  # a Katz variance above 0
    a, n1, b, n0 = a[usable], n1[usable], b[usable], n0[usable]
    k = len(a)
    if k < 2:
        return math.nan, math.nan, k
    log_k = np.log(a / n1) - np.log(b / n0)
    weights = 1 / (1 / a - 1 / n1 + 1 / b - 1 / n0)
    q = float(np.sum(weights * (log_k - log_rl) ** 2))
    return q, q / (k - 1), k
