"""Mantel-Haenszel relative likelihood worked by hand (exact fractions) and against known identities."""

import math
from fractions import Fraction as F

import pytest
from scipy import stats

from scwres_helpers.inference.stratified import mantel_haenszel

Z = 1.959964


def test_one_authority_is_the_crude_rl_with_the_katz_interval():
    # Greenland-Robins with one stratum: (n1 n0 (a + b) - a b T) / T^2 / (a n0 / T x b n1 / T)
    # = 1/a - 1/n1 + 1/b - 1/n0, the Katz variance. 10/100 vs 20/100: RL 0.5, (0.2466408003, 1.0136198054)
    result = mantel_haenszel([10], [100], [20], [100])
    assert result.relative_likelihood == pytest.approx(0.5, rel=1e-12)
    assert result.se_log == pytest.approx(math.sqrt(0.13), rel=1e-12)
    assert result.ci_lower == pytest.approx(0.246640800308129582, rel=1e-9)
    assert result.ci_upper == pytest.approx(1.013619805351238533, rel=1e-9)
    assert result.strata == 1 and math.isnan(result.robust_se_log) and math.isnan(result.phi)


def test_simpson_s_paradox_is_removed():
    # Within each authority the rates are equal (RL 1), but the authority with the higher rate
    # employs most of the minoritised staff, so the pooled RL is far from 1:
    # A: 40/200 vs 10/50; B: 5/50 vs 20/200. Pooled: 45/250 vs 30/250 = 1.5. MH: exactly 1.
    result = mantel_haenszel([40, 5], [200, 50], [10, 20], [50, 200])
    assert (45 / 250) / (30 / 250) == pytest.approx(1.5)
    assert result.relative_likelihood == pytest.approx(1.0, rel=1e-12)
    assert result.phi == pytest.approx(0.0, abs=1e-20)  # both authorities sit exactly on RL_MH


def _by_hand(strata):
    """RL_MH, Greenland-Robins variance and the cluster-robust variance, in exact fractions."""
    r_k = [F(a * n0, n1 + n0) for a, n1, b, n0 in strata]
    s_k = [F(b * n1, n1 + n0) for a, n1, b, n0 in strata]
    r, s = sum(r_k), sum(s_k)
    rl = r / s
    gr = sum(F(n1 * n0 * (a + b) - a * b * (n1 + n0), (n1 + n0) ** 2) for a, n1, b, n0 in strata) / (r * s)
    k = len(strata)
    robust = F(k, k - 1) * sum((rk - rl * sk) ** 2 for rk, sk in zip(r_k, s_k)) / r**2
    return rl, gr, robust


def test_three_authorities_worked_in_fractions():
    strata = [(12, 80, 30, 400), (3, 25, 40, 300), (20, 150, 25, 250)]
    rl, gr, robust = _by_hand(strata)
    # R = 12x400/480 + 3x300/325 + 20x250/400 = 10 + 2.769231 + 12.5 = 25.269231
    # S = 30x80/480 + 40x25/325 + 25x150/400 = 5 + 3.076923 + 9.375 = 17.451923 -> RL_MH = 1.447934
    assert float(rl) == pytest.approx(1.4479338842975207, rel=1e-12)
    result = mantel_haenszel(*zip(*strata))
    assert result.relative_likelihood == pytest.approx(float(rl), rel=1e-12)
    assert result.se_log == pytest.approx(math.sqrt(gr), rel=1e-12)
    assert result.ci_lower == pytest.approx(float(rl) * math.exp(-Z * math.sqrt(gr)), rel=1e-12)
    assert result.robust_se_log == pytest.approx(math.sqrt(robust), rel=1e-12)
    t = stats.t.isf(0.025, 2)  # 4.302653
    assert result.robust_ci_upper == pytest.approx(float(rl) * math.exp(t * math.sqrt(robust)), rel=1e-6)
    assert result.strata == 3


def test_phi_is_cochran_q_over_its_degrees_of_freedom():
    strata = [(12, 80, 30, 400), (3, 25, 40, 300), (20, 150, 25, 250)]
    result = mantel_haenszel(*zip(*strata))
    log_mh = math.log(result.relative_likelihood)
    q = 0.0
    for a, n1, b, n0 in strata:
        q += (math.log((a / n1) / (b / n0)) - log_mh) ** 2 / (1 / a - 1 / n1 + 1 / b - 1 / n0)
    assert result.q == pytest.approx(q, rel=1e-12)
    assert result.phi == pytest.approx(q / 2, rel=1e-12)
    assert result.phi_strata == 3


def test_authorities_without_one_of_the_groups_carry_nothing():
    with_empty = mantel_haenszel([12, 0, 3, 7], [80, 0, 25, 40], [30, 9, 40, 0], [400, 90, 300, 0])
    without = mantel_haenszel([12, 3], [80, 25], [30, 40], [400, 300])
    assert with_empty.relative_likelihood == pytest.approx(without.relative_likelihood, rel=1e-12)
    assert with_empty.se_log == pytest.approx(without.se_log, rel=1e-12)
    assert with_empty.strata == 2


def test_a_zero_in_one_authority_still_counts_in_the_estimate_but_not_in_phi():
    strata = [(0, 30, 10, 100), (12, 80, 30, 400), (20, 150, 25, 250)]
    rl, gr, _ = _by_hand(strata)
    result = mantel_haenszel(*zip(*strata))
    assert result.relative_likelihood == pytest.approx(float(rl), rel=1e-12)
    assert result.se_log == pytest.approx(math.sqrt(gr), rel=1e-12)
    assert result.phi_strata == 2


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="one element per authority"):
        mantel_haenszel([1, 2], [10], [1], [10])
    with pytest.raises(ValueError, match="0 <= events <= at risk"):
        mantel_haenszel([11], [10], [1], [10])
    with pytest.raises(ValueError, match="no events"):
        mantel_haenszel([0, 0], [10, 10], [1, 2], [10, 10])
