"""Katz and Wilson intervals against values worked by hand (z = 1.959964, z^2 = 3.841458881296)."""

import math

import numpy as np
import pytest

from scwres_helpers.indicators.intervals import (
    adjusted_log_bounds,
    adjusted_log_interval,
    katz_bounds,
    katz_interval,
    wilson_bounds,
    wilson_interval,
)

TOL = 1e-9


def test_katz_brief_example():
    # 10/100 vs 20/100: RL 0.5, SE = sqrt(1/10 - 1/100 + 1/20 - 1/100) = sqrt(0.13) = 0.3605551275463989
    # exp(ln 0.5 -/+ 1.959964 * 0.3605551275463989)
    lower, upper = katz_interval(10, 100, 20, 100)
    assert lower == pytest.approx(0.246640800308129582, abs=TOL)
    assert upper == pytest.approx(1.013619805351238533, abs=TOL)


def test_katz_when_every_member_of_the_group_has_the_outcome():
    # 5/5 vs 5/10: RL 2, SE = sqrt(1/5 - 1/5 + 1/5 - 1/10) = sqrt(0.1) = 0.31622776601683794
    lower, upper = katz_interval(5, 5, 5, 10)
    assert lower == pytest.approx(1.076109414993226326, abs=TOL)
    assert upper == pytest.approx(3.717094139563102309, abs=TOL)


def test_katz_is_symmetric_on_the_log_scale():
    # 30/200 vs 10/200: RL 3, SE = sqrt(1/30 - 1/200 + 1/10 - 1/200) = 0.3511884584284246
    lower, upper = katz_interval(30, 200, 10, 200)
    assert lower == pytest.approx(1.507263195346499010, abs=TOL)
    assert upper == pytest.approx(5.971087218069452154, abs=TOL)
    assert math.sqrt(lower * upper) == pytest.approx(3.0, abs=TOL)


@pytest.mark.parametrize("counts", [(0, 10, 5, 10), (5, 10, 0, 10), (5, 0, 5, 10), (5, 10, 5, 0)])
def test_katz_undefined_when_a_count_is_zero(counts):
    lower, upper = katz_interval(*counts)
    assert math.isnan(lower) and math.isnan(upper)


def test_katz_z_parameter():
    # z = 1: exp(ln 0.5 -/+ sqrt(0.13))
    lower, upper = katz_interval(10, 100, 20, 100, z=1.0)
    assert lower == pytest.approx(0.5 * math.exp(-math.sqrt(0.13)), abs=TOL)
    assert upper == pytest.approx(0.5 * math.exp(math.sqrt(0.13)), abs=TOL)


def test_adjusted_log_spec_example():
    # indicators.md: 0 of 40 vs 60 of 200 -> 0.0026 to 0.65.
    # RL* = (0.5/40.5)/(60.5/200.5) = 0.040914192429343944, SE* = sqrt(2 - 1/40.5 + 1/60.5 - 1/200.5)
    # = 1.4095566808124722; exp(ln RL* -/+ 1.959964 SE*) worked to 40 digits with Decimal
    lower, upper = adjusted_log_interval(0, 40, 60, 200)
    assert lower == pytest.approx(0.002582600031603730969, abs=TOL)
    assert upper == pytest.approx(0.6481728187333330589, abs=TOL)


def test_adjusted_log_adds_a_half_to_every_count():
    # with counts > 0 it is the Katz interval of the counts + 0.5 (computed here with math alone)
    a_g, n_g, a_w, n_w = 7.5, 30.5, 12.5, 60.5
    log_rl = math.log((a_g / n_g) / (a_w / n_w))
    se = math.sqrt(1 / a_g - 1 / n_g + 1 / a_w - 1 / n_w)
    lower, upper = adjusted_log_interval(7, 30, 12, 60)
    assert lower == pytest.approx(math.exp(log_rl - 1.959964 * se), rel=1e-12)
    assert upper == pytest.approx(math.exp(log_rl + 1.959964 * se), rel=1e-12)


def test_adjusted_log_exists_when_white_staff_had_no_events_but_not_without_denominators():
    # 0/10 vs 0/10: RL* = 1, SE* = sqrt(2 * (2 - 1/10.5)) = 1.9518001458970664
    lower, upper = adjusted_log_interval(0, 10, 0, 10)
    assert lower == pytest.approx(math.exp(-1.959964 * 1.9518001458970664), rel=1e-12)
    assert upper == pytest.approx(math.exp(1.959964 * 1.9518001458970664), rel=1e-12)
    lower, upper = adjusted_log_bounds([0, 0], [0, 10], [5, 5], [10, 0])
    assert np.isnan(lower).all() and np.isnan(upper).all()


def test_wilson_zero_successes():
    # p = 0: centre = half-width = (z^2/20)/(1 + z^2/10), so (0, z^2/(10 + z^2)) = (0, 0.27753280302605772)
    lower, upper = wilson_interval(0, 10)
    assert lower == 0.0
    assert upper == pytest.approx(0.277532803026057719, abs=TOL)


def test_wilson_half():
    # p = 0.5: centre 0.5, half-width 1.959964 * sqrt(0.025 + z^2/400) / (1 + z^2/10) = 0.2634069109885206
    lower, upper = wilson_interval(5, 10)
    assert lower == pytest.approx(0.236593089011479370, abs=TOL)
    assert upper == pytest.approx(0.763406910988520629, abs=TOL)


def test_wilson_all_successes_is_clamped_to_one():
    # p = 1: (10/(10 + z^2), 1) = (0.7224671969739423, 1)
    lower, upper = wilson_interval(10, 10)
    assert lower == pytest.approx(0.722467196973942280, abs=TOL)
    assert upper == 1.0


def test_wilson_one_in_three():
    lower, upper = wilson_interval(1, 3)
    assert lower == pytest.approx(0.061491944020930838, abs=TOL)
    assert upper == pytest.approx(0.792340401192175708, abs=TOL)


def test_wilson_undefined_without_denominator():
    lower, upper = wilson_interval(0, 0)
    assert math.isnan(lower) and math.isnan(upper)


def test_array_forms_match_scalar_forms_elementwise():
    lower, upper = wilson_bounds([0, 5, 10, 0], [10, 10, 10, 0])
    assert lower[:3] == pytest.approx([0.0, 0.236593089011479370, 0.722467196973942280], abs=TOL)
    assert upper[:3] == pytest.approx([0.277532803026057719, 0.763406910988520629, 1.0], abs=TOL)
    assert np.isnan(lower[3]) and np.isnan(upper[3])
    lower, upper = katz_bounds([10, 0], [100, 10], [20, 5], [100, 10])
    assert lower[0] == pytest.approx(0.246640800308129582, abs=TOL)
    assert np.isnan(lower[1]) and np.isnan(upper[1])
