"""Funnel judgements against values worked by hand, by brute force and from the paper's formulas."""

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scwres_helpers.inference.funnel import (
    ABOVE,
    BELOW,
    EXACT_SMALL_COUNTS,
    EXACT_ZERO_EVENTS,
    LEVEL_95,
    LEVEL_998,
    NO_RELATIVE_LIKELIHOOD,
    NORMAL,
    NOT_ASSESSED,
    WITHIN,
    NationalRates,
    exact_tails,
    exact_z,
    funnel_curve,
    judge_funnel,
    null_standard_error,
    overdispersion,
    z_limit,
)

COLUMNS = ["authority", "numerator_group", "denominator_group", "numerator_white", "denominator_white"]
# National pool used by most tests: minoritised 145 of 10,000 (1.45%), white 400 of 40,000 (1%): RL0 1.45.
NATIONAL = (145, 10_000, 400, 40_000)
RATES = NationalRates(0.0145, 0.01)


def units(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def one(funnel, authority):
    frame = funnel.units.set_index("authority")
    return frame.loc[authority]


def test_z_limits_are_the_two_sided_normal_points():
    assert z_limit(LEVEL_95) == pytest.approx(1.959964, abs=1e-6)
    assert z_limit(LEVEL_998) == pytest.approx(3.090232, abs=1e-6)
    with pytest.raises(ValueError):
        z_limit(1.0)


def test_null_standard_error_uses_both_denominators():
    # s^2 = (1 - 0.0145)/(126 x 0.0145) + (1 - 0.01)/(600 x 0.01) = 0.539412 + 0.165 = 0.704412
    se = null_standard_error(126, 600, RATES)
    assert float(se) == pytest.approx(math.sqrt(0.9855 / 1.827 + 0.99 / 6), rel=1e-12)
    # doubling only the white denominator narrows it: precision depends on both
    assert float(null_standard_error(126, 1200, RATES)) < float(se)


def test_a_zero_is_judged_by_its_exact_probability_at_the_national_rate():
    # issue 20: indicator 3, 0 of 126 -> the chance of a zero at 1.45% is (1 - 0.0145)^126 = 0.159,
    # unremarkable; 0 of 600 -> 0.9855^600 = 1.58e-4 < 0.001: below the 99.8% funnel.
    funnel = judge_funnel(units(("small", 0, 126, 6, 600), ("big", 0, 600, 30, 3000)), LEVEL_998, national=NATIONAL)
    small, big = one(funnel, "small"), one(funnel, "big")
    assert small.p_low == pytest.approx(0.9855**126, rel=1e-9)
    assert small.p_low == pytest.approx(0.159, abs=5e-4)
    assert small.p_high == 1.0
    assert (small.reason, small.status) == (EXACT_ZERO_EVENTS, WITHIN)
    assert small.relative_likelihood == 0.0
    assert big.p_low == pytest.approx(0.9855**600, rel=1e-9)
    assert (big.reason, big.status) == (EXACT_ZERO_EVENTS, BELOW)
    assert big.z == pytest.approx(stats.norm.ppf(0.9855**600), rel=1e-9)


def _brute_force_tails(a_g, n_g, a_w, n_w, p_g, p_w):
    """Every (x, y) with y >= 1, exact rational RL comparison."""
    low = high = total = 0.0
    observed = Fraction(a_g, n_g) / Fraction(a_w, n_w)
    for x in range(n_g + 1):
        px = math.comb(n_g, x) * p_g**x * (1 - p_g) ** (n_g - x)
        for y in range(1, n_w + 1):
            p = px * math.comb(n_w, y) * p_w**y * (1 - p_w) ** (n_w - y)
            rl = Fraction(x, n_g) / Fraction(y, n_w)
            total += p
            low += p if rl <= observed else 0.0
            high += p if rl >= observed else 0.0
    return low / total, high / total


@pytest.mark.parametrize("counts", [(2, 12, 3, 15), (0, 12, 3, 15), (6, 12, 1, 15), (5, 10, 2, 4)])
def test_exact_tails_match_enumeration(counts):
    rates = NationalRates(0.2, 0.1)
    low, high = exact_tails(*counts, rates)
    want_low, want_high = _brute_force_tails(*counts, 0.2, 0.1)
    assert low == pytest.approx(want_low, rel=1e-10)
    assert high == pytest.approx(want_high, rel=1e-10)


def test_exact_z_takes_the_smaller_tail():
    assert exact_z(0.001, 0.9995) == pytest.approx(stats.norm.ppf(0.001))
    assert exact_z(0.9995, 0.001) == pytest.approx(-stats.norm.ppf(0.001))
    assert exact_z(0.6, 0.55) == 0.0  # both tails over a half: at the centre


def test_normal_judgement_on_the_log_scale():
    # national 10% and 10% (RL0 = 1). Authority 300 of 2000 vs 1000 of 10000: RL 1.5;
    # s = sqrt(0.9/200 + 0.9/1000) = sqrt(0.0054) = 0.0734847; z = ln 1.5 / s = 5.5176 -> above
    national = (2_000, 20_000, 10_000, 100_000)
    funnel = judge_funnel(units(("a", 300, 2000, 1000, 10000)), LEVEL_998, national=national)
    a = one(funnel, "a")
    assert a.reason == NORMAL
    assert a.se_null == pytest.approx(math.sqrt(0.0054), rel=1e-12)
    assert a.precision == pytest.approx(1 / 0.0054, rel=1e-12)
    assert a.z == pytest.approx(math.log(1.5) / math.sqrt(0.0054), rel=1e-12)
    assert a.status == ABOVE
    assert a.upper_limit == pytest.approx(math.exp(3.090232 * math.sqrt(0.0054)), rel=1e-6)


def test_one_level_for_the_whole_chart():
    # z = ln(1.25) / sqrt(0.0054 + ...) : authority 250 of 2000 vs 1000 of 10000, RL 1.25, z = 3.0366
    national = (2_000, 20_000, 10_000, 100_000)
    counts = units(("a", 250, 2000, 1000, 10000))
    z = math.log(1.25) / math.sqrt(0.0054)
    assert 1.959964 < z < 3.090232
    assert one(judge_funnel(counts, LEVEL_95, national=national), "a").status == ABOVE
    assert one(judge_funnel(counts, LEVEL_998, national=national), "a").status == WITHIN


def test_small_counts_are_judged_exactly():
    # expected group events 40 x 0.0145 = 0.58 < 10: exact. 3 of 40 is RL 7.5 against a white 1%:
    # P(RL >= observed) from the enumeration
    funnel = judge_funnel(units(("s", 3, 40, 10, 1000)), LEVEL_998, national=NATIONAL)
    s = one(funnel, "s")
    assert s.reason == EXACT_SMALL_COUNTS
    low, high = _brute_force_tails(3, 40, 10, 1000, 0.0145, 0.01)
    assert s.p_high == pytest.approx(high, rel=1e-9)
    assert s.z == pytest.approx(stats.norm.isf(high), rel=1e-9)
    assert s.status == (ABOVE if high < 0.001 else WITHIN)


def test_rows_without_a_relative_likelihood_are_not_assessed():
    funnel = judge_funnel(
        units(("no_white_events", 3, 40, 0, 1000), ("no_group", 0, 0, 5, 100), ("ok", 20, 1000, 10, 1000)),
        LEVEL_998,
        national=NATIONAL,
    )
    for name in ("no_white_events", "no_group"):
        row = one(funnel, name)
        assert (row.status, row.reason) == (NOT_ASSESSED, NO_RELATIVE_LIKELIHOOD)
        assert math.isnan(row.z)
    assert one(funnel, "ok").status != NOT_ASSESSED


def test_national_defaults_to_the_sum_of_the_authorities():
    counts = units(("a", 10, 100, 20, 400), ("b", 30, 300, 60, 1600))
    funnel = judge_funnel(counts, LEVEL_95)
    assert funnel.rates.p_group == pytest.approx(40 / 400)
    assert funnel.rates.p_white == pytest.approx(80 / 2000)
    assert list(funnel.units["authority"]) == ["a", "b"]  # the caller's columns are kept


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="lack columns"):
        judge_funnel(pd.DataFrame({"numerator_group": [1]}), LEVEL_95)
    with pytest.raises(ValueError, match="filled in"):
        judge_funnel(units(("a", None, 10, 1, 10)), LEVEL_95, national=NATIONAL)
    with pytest.raises(ValueError, match="numerator <= denominator"):
        judge_funnel(units(("a", 11, 10, 1, 10)), LEVEL_95, national=NATIONAL)
    with pytest.raises(ValueError, match="strictly between"):
        judge_funnel(units(("a", 1, 10, 1, 10)), LEVEL_95, national=(0, 100, 5, 100))


# --- over-dispersion ----------------------------------------------------------------------------

def test_phi_from_winsorised_z_scores_and_tau2_worked_by_hand():
    # 10 z-scores; 10th and 90th percentiles (linear): -2 + 0.9 x 1 = -1.1 and 6 + 0.1 x 4 = 6.4.
    # Winsorised: -1.1, -1, 0, 1, 2, 3, 4, 5, 6, 6.4 -> sum of squares 134.17, phi = 13.417.
    # s = 0.1 for all: w = 100, sum w = 1000, sum w^2 / sum w = 100 -> tau^2 = (134.17 - 9) / 900
    z = np.array([-2, -1, 0, 1, 2, 3, 4, 5, 6, 10], dtype=float)
    check = overdispersion(z, np.full(10, 0.1))
    assert check.units == 10
    assert check.phi == pytest.approx(13.417, rel=1e-12)
    assert check.p_value == pytest.approx(stats.chi2.sf(134.17, 9), rel=1e-9)
    assert check.tau2 == pytest.approx(125.17 / 900, rel=1e-12)
    assert check.applied


def test_no_overdispersion_no_allowance():
    z = np.array([-1.0, -0.5, 0.0, 0.5, 1.0, 0.2, -0.2, 0.8, -0.8, 0.1])
    check = overdispersion(z, np.full(10, 0.2))
    # sum of winsorised squares < 9 = I - 1, so tau^2 = 0 and the test does not reject
    assert check.phi < 0.9 and check.tau2 == 0.0 and not check.applied
    assert not overdispersion(np.array([5.0, -5.0]), np.array([0.1, 0.1])).applied  # too few units
    assert not overdispersion(np.array([-2, -1, 0, 1, 2, 3, 4, 5, 6, 10.0]), np.full(10, 0.1), test_level=None).applied


def test_allowance_widens_the_limits_of_an_overdispersed_set():
    # 12 large authorities whose RLs (national rates 20% and 20%) spread far more than chance:
    # rates 14%..26% for the group against 20% for white, 2000 and 8000 at risk each.
    rows = [(f"a{k}", 280 + 20 * k, 2000, 1600, 8000) for k in range(12)]
    counts = units(*rows)
    national = tuple(int(v) for v in counts.iloc[:, 1:].sum())
    funnel = judge_funnel(counts, LEVEL_998, national=national)
    check = funnel.overdispersion
    assert check.applied and check.tau2 > 0
    plain = judge_funnel(counts, LEVEL_998, national=national, overdispersion_test_level=None)
    assert (plain.units["status"] != WITHIN).sum() > (funnel.units["status"] != WITHIN).sum()
    s = funnel.units["se_null"].to_numpy()
    np.testing.assert_allclose(funnel.units["z_adjusted"], funnel.units["z"] * s / np.sqrt(s**2 + check.tau2))
    # tau^2 recomputed from the paper's formula with the unadjusted z-scores
    z = plain.units["z"].to_numpy()
    low, high = np.quantile(z, [0.1, 0.9])
    phi = np.mean(np.clip(z, low, high) ** 2)
    w = 1 / s**2
    assert check.phi == pytest.approx(phi, rel=1e-12)
    assert check.tau2 == pytest.approx((12 * phi - 11) / (w.sum() - (w**2).sum() / w.sum()), rel=1e-12)


def test_funnel_curve_for_drawing():
    funnel = judge_funnel(units(("a", 20, 1000, 40, 4000), ("b", 5, 200, 9, 900)), LEVEL_95, national=NATIONAL)
    lower, upper = funnel_curve(funnel, np.array([100.0, 400.0]))
    assert lower[0] == pytest.approx(1.45 * math.exp(-1.959964 * 0.1), rel=1e-6)
    assert upper[1] == pytest.approx(1.45 * math.exp(1.959964 * 0.05), rel=1e-6)
    # an authority's own limits are the curve at its precision
    row = funnel.units.iloc[0]
    lo, hi = funnel_curve(funnel, np.array([row.precision]))
    assert (lo[0], hi[0]) == pytest.approx((row.lower_limit, row.upper_limit), rel=1e-12)
    with pytest.raises(ValueError):
        funnel_curve(funnel, np.array([0.0]))
