"""Funnel control limits against values worked by hand from the formula in funnel.py."""

import math

import numpy as np
import pytest

from scwres_helpers.report.funnel import Z_998, funnel_limits, funnel_se

# National figures for the hand-worked cases: p_g = 0.1, p_w = 0.2, r = 2, pooled RL 0.5.
P_G, P_W, R, POOLED = 0.1, 0.2, 2.0, 0.5


def test_se_at_100_staff():
    # (1 - 0.1) / (100 * 0.1) + (1 - 0.2) / (100 * 2 * 0.2) = 0.09 + 0.02 = 0.11
    assert funnel_se(100, P_G, P_W, R) == pytest.approx(math.sqrt(0.11), rel=1e-12)


def test_se_at_400_staff():
    # 0.9 / 40 + 0.8 / 160 = 0.0225 + 0.005 = 0.0275
    assert funnel_se(400, P_G, P_W, R) == pytest.approx(math.sqrt(0.0275), rel=1e-12)


@pytest.mark.parametrize(
    ("n", "z", "lower", "upper"),
    [
        # 0.5 * exp(∓ 1.959964 * 0.331662479) and 0.5 * exp(∓ 3.090232 * 0.331662479)
        (100, 1.959964, 0.261011, 0.957815),
        (100, 3.090232, 0.179414, 1.393428),
        # SE = 0.165831240 at n = 400
        (400, 1.959964, 0.361255, 0.692031),
        (400, 3.090232, 0.299511, 0.834694),
    ],
)
def test_limits_hand_worked(n, z, lower, upper):
    lo, hi = funnel_limits(n, POOLED, P_G, P_W, R, z)
    assert lo == pytest.approx(lower, abs=1e-6)
    assert hi == pytest.approx(upper, abs=1e-6)


def test_default_z_is_95_and_998_constant():
    assert funnel_limits(100, POOLED, P_G, P_W, R)[0] == pytest.approx(0.261011, abs=1e-6)
    assert Z_998 == pytest.approx(3.090232, abs=1e-6)


def test_limits_narrow_as_n_grows_and_are_symmetric_on_log_scale():
    lo, hi = funnel_limits(np.array([10.0, 100.0, 1000.0]), POOLED, P_G, P_W, R)
    assert np.all(np.diff(hi) < 0) and np.all(np.diff(lo) > 0)
    assert np.allclose(np.log(hi) - math.log(POOLED), math.log(POOLED) - np.log(lo))


@pytest.mark.parametrize("bad", [dict(p_group=0.0), dict(p_white=1.0), dict(white_to_group_ratio=0.0)])
def test_refuses_degenerate_national_rates(bad):
    args = dict(p_group=P_G, p_white=P_W, white_to_group_ratio=R) | bad
    with pytest.raises(ValueError):
        funnel_se(100, **args)


def test_refuses_zero_staff():
    with pytest.raises(ValueError):
        funnel_se(0, P_G, P_W, R)
