"""Change between years, worked by hand."""

import math
import subprocess
import sys

import pandas as pd
import pytest
from scipy import stats

from scwres_helpers.inference.change import (
    CLEAR_CHANGE,
    HIGHER,
    LOWER,
    NO_CLEAR_CHANGE,
    NOT_ASSESSED,
    change_between_years,
    log_relative_likelihood,
    row_counts,
    same_authorities,
    two_sided_p,
)


def test_no_clear_change_worked_by_hand():
    # 2023: 20/100 vs 40/400 -> RL 2.0, SE1^2 = 1/20 - 1/100 + 1/40 - 1/400 = 0.0625
    # 2024: 30/200 vs 60/600 -> RL 1.5, SE2^2 = 1/30 - 1/200 + 1/60 - 1/600 = 0.043333...
    # z = ln(0.75) / sqrt(0.1058333...) = -0.2876821 / 0.3253204 = -0.884304; p = 0.3765
    change = change_between_years((20, 100, 40, 400), (30, 200, 60, 600))
    assert change.ratio == pytest.approx(0.75, rel=1e-12)
    assert change.se == pytest.approx(math.sqrt(0.0625 + 0.13 / 3), rel=1e-12)
    assert change.z == pytest.approx(math.log(0.75) / math.sqrt(0.0625 + 0.13 / 3), rel=1e-12)
    assert change.z == pytest.approx(-0.884304, abs=1e-6)
    assert change.p_value == pytest.approx(0.37653, abs=1e-5)
    assert (change.status, change.direction) == (NO_CLEAR_CHANGE, "")


def test_the_old_rule_would_have_called_it_a_change():
    # Last year's point (2.0) lies outside this year's Katz interval for 30/200 vs 60/600?
    # 1.5 x exp(1.959964 x sqrt(0.043333)) = 2.253: no. Take 2024 = 60/400 vs 120/1200 (RL 1.5,
    # SE2^2 = 1/60 - 1/400 + 1/120 - 1/1200 = 0.0216667): upper 1.5 x exp(1.959964 x 0.147196) = 2.002
    # ... and 2023 = 41/100 vs 80/400 (RL 2.05, SE1^2 = 1/41 - 1/100 + 1/80 - 1/400 = 0.024390):
    # the old rule says "clearly worse than last year" (2.05 > 2.002); the test does not (p = 0.146).
    se2 = math.sqrt(1 / 60 - 1 / 400 + 1 / 120 - 1 / 1200)
    assert 1.5 * math.exp(1.959964 * se2) < 2.05
    change = change_between_years((41, 100, 80, 400), (60, 400, 120, 1200))
    se1 = math.sqrt(1 / 41 - 1 / 100 + 1 / 80 - 1 / 400)
    z = (math.log(1.5) - math.log(2.05)) / math.sqrt(se1**2 + se2**2)
    assert change.z == pytest.approx(z, rel=1e-12)
    assert change.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    assert change.p_value == pytest.approx(0.1455, abs=1e-4)
    assert change.status == NO_CLEAR_CHANGE


def test_clear_change_and_its_direction():
    # 10/200 vs 50/500 (RL 0.5) -> 40/200 vs 50/500 (RL 2.0): ln 4 / sqrt(SE1^2 + SE2^2)
    se1 = math.sqrt(1 / 10 - 1 / 200 + 1 / 50 - 1 / 500)
    se2 = math.sqrt(1 / 40 - 1 / 200 + 1 / 50 - 1 / 500)
    up = change_between_years((10, 200, 50, 500), (40, 200, 50, 500))
    assert up.z == pytest.approx(math.log(4) / math.sqrt(se1**2 + se2**2), rel=1e-12)
    assert (up.status, up.direction) == (CLEAR_CHANGE, HIGHER)
    down = change_between_years((40, 200, 50, 500), (10, 200, 50, 500))
    assert (down.status, down.direction) == (CLEAR_CHANGE, LOWER)
    assert down.p_value == pytest.approx(up.p_value, rel=1e-12)


def test_level_is_a_parameter():
    # 10/200 -> 25/200 against 50/500 both years: z = ln 2.5 / sqrt(SE1^2 + SE2^2) = 2.2489,
    # between the 95% and 99% points
    change = change_between_years((10, 200, 50, 500), (25, 200, 50, 500))
    assert change.z == pytest.approx(2.248947, abs=1e-6)
    assert change_between_years((10, 200, 50, 500), (25, 200, 50, 500), level=0.99).status == NO_CLEAR_CHANGE
    assert change.status == CLEAR_CHANGE


def test_a_year_with_zero_events_enters_with_its_adjusted_log_figures():
    # 0/40 vs 60/200: ln RL* = ln((0.5/40.5)/(60.5/200.5)), SE* = sqrt(2 - 1/40.5 + 1/60.5 - 1/200.5)
    zero = log_relative_likelihood(0, 40, 60, 200)
    assert zero.adjusted
    assert zero.log_rl == pytest.approx(math.log(0.04091419242934394), rel=1e-12)
    assert zero.se == pytest.approx(1.409556680812472, rel=1e-12)
    change = change_between_years((12, 40, 60, 200), (0, 40, 60, 200))
    se1 = math.sqrt(1 / 12 - 1 / 40 + 1 / 60 - 1 / 200)
    assert change.z == pytest.approx((zero.log_rl - math.log(1.0)) / math.sqrt(se1**2 + zero.se**2), rel=1e-12)


@pytest.mark.parametrize("counts", [(0, 0, 5, 100), (5, 100, 0, 100), (0, 100, 0, 0)])
def test_no_interval_no_test(counts):
    assert log_relative_likelihood(*counts) is None
    change = change_between_years(counts, (10, 100, 10, 100))
    assert change.status == NOT_ASSESSED and math.isnan(change.z) and change.direction == ""


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="0 <= a <= n"):
        log_relative_likelihood(11, 10, 1, 10)
    with pytest.raises(ValueError, match="level"):
        change_between_years((1, 10, 1, 10), (1, 10, 1, 10), level=5)


def test_row_counts():
    row = pd.Series({"numerator_group": 3, "denominator_group": 40, "numerator_white": 9, "denominator_white": 90})
    assert row_counts(row) == (3, 40, 9, 90)
    with pytest.raises(ValueError, match="lacks counts"):
        row_counts(row.replace(9, pd.NA))


def test_same_authorities_pools_only_those_present_both_years():
    columns = ["authority_code", "numerator_group", "denominator_group", "numerator_white", "denominator_white"]
    before = pd.DataFrame([("A", 10, 100, 20, 400), ("B", 5, 50, 10, 100), ("C", 30, 100, 10, 100)], columns=columns)
    after = pd.DataFrame([("B", 6, 60, 12, 120), ("A", 12, 110, 22, 410), ("D", 1, 10, 1, 10)], columns=columns)
    pooled = same_authorities(before, after)
    assert pooled.authorities == ("A", "B")
    assert pooled.previous == (15, 150, 30, 500)
    assert pooled.current == (18, 170, 34, 530)
    assert (pooled.only_previous, pooled.only_current) == (("C",), ("D",))
    with pytest.raises(ValueError, match="more than one row"):
        same_authorities(pd.concat([before, before]), after)
    with pytest.raises(ValueError, match="lacks columns"):
        same_authorities(before.drop(columns="numerator_white"), after)


def test_a_proportion_clearly_higher():
    # 150/1000 -> 250/1000: SE = sqrt(0.15 x 0.85 / 1000 + 0.25 x 0.75 / 1000) = sqrt(0.000315)
    #   = 0.0177482; z = 0.10 / 0.0177482 = 5.6344
    from scwres_helpers.inference.change import change_in_proportion

    found = change_in_proportion((150, 1000), (250, 1000))
    assert found.z == pytest.approx(5.634361698, rel=1e-8)
    assert (found.status, found.direction) == ("clear_change", "higher")
    # 15/100 -> 20/100: SE = sqrt(0.1275 / 100 + 0.16 / 100) = 0.0536190; z = 0.05 / 0.053619 = 0.9325
    small = change_in_proportion((15, 100), (20, 100))
    assert small.z == pytest.approx(0.932504808, rel=1e-8)
    assert (small.status, small.direction) == ("no_clear_change", "")
    assert change_in_proportion((0, 10), (0, 20)).status == "not_assessed"  # no variation
    assert change_in_proportion((0, 0), (3, 20)).status == "not_assessed"


@pytest.mark.parametrize("z", [0.0, 0.3, -0.884304, 1.959964, -2.5, 5.0, 12.0, 30.0])
def test_two_sided_p_is_scipys_normal_tail_into_the_far_tail(z):
    # 2 (1 - Phi(1.959964)) = 0.05; at z = 30 the tail is about 5e-198 (1 - Phi would give 0).
    assert two_sided_p(z) == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    assert two_sided_p(z) == two_sided_p(-z)


def test_two_sided_p_at_the_critical_value_worked_by_hand():
    assert two_sided_p(1.959963984540054) == pytest.approx(0.05, rel=1e-12)
    assert two_sided_p(0.0) == 1.0


def test_testing_a_change_loads_no_scipy():
    # An authority report tests changes: SciPy's import (half a second) would delay
    # `scwres build --authority` for every authority with an earlier year.
    code = ("import sys; from scwres_helpers.inference.change import change_between_years, change_in_proportion; "
            "change_between_years((10, 200, 50, 500), (40, 200, 50, 500)); change_in_proportion((10, 100), (30, 100)); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
