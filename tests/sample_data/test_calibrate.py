import numpy as np
import pytest

from scwres_helpers.sample_data.calibrate import add_units, closest_counts, shift_total, take_units


def test_closest_counts_moves_the_reference_when_the_group_count_is_small():
    # Hand-worked: target 2.1 with n_g = 100, n_w = 1000. Keeping a_w = 30 only reaches
    # 2.0 (a_g 6) or 2.333 (a_g 7); a_w may move by 4 (10% + 1). Over a_w 26..34 the
    # nearest is a_g 7, a_w 33: (7/100) / (33/1000) = 2.1212 (next best a_w 29: 2.069).
    assert closest_counts(7, 100, 30, 1000, 2.1, 100, 1000) == (7, 33)


def test_closest_counts_keeps_counts_already_on_target():
    assert closest_counts(10, 100, 50, 1000, 2.0, 100, 1000) == (10, 50)


def test_closest_counts_prefers_the_smallest_change():
    # 22/1000 vs 100/10000 is 2.2; both (20, 100) and (22, 110) give exactly 2.0,
    # the first changes 2 units and the second 10.
    assert closest_counts(22, 1000, 100, 10000, 2.0, 1000, 10000) == (20, 100)


def test_closest_counts_respects_caps_and_empty_denominators():
    assert closest_counts(3, 0, 5, 100, 1.5, 0, 100) == (3, 5)
    a_g, a_w = closest_counts(2, 10, 50, 100, 3.0, 4, 100)  # ideal a_g 15, cap 4
    assert a_g <= 4


def test_take_units_takes_exactly_k_without_exceeding_any_cell():
    counts = np.array([[5, 0], [1, 7]])
    taken = take_units(counts, 9, np.random.default_rng(0))
    assert taken.sum() == 9 and (taken <= counts).all() and (taken >= 0).all()
    with pytest.raises(ValueError):
        take_units(counts, 14, np.random.default_rng(0))


def test_add_units_never_exceeds_caps():
    counts = np.array([0, 2, 5])
    caps = np.array([1, 10, 5])
    weights = np.array([100.0, 1.0, 100.0])
    result = add_units(counts, caps, weights, 6, np.random.default_rng(1))
    assert result.sum() == 13 and (result <= caps).all() and result[2] == 5
    with pytest.raises(ValueError):
        add_units(counts, caps, weights, 10, np.random.default_rng(1))


def test_shift_total_goes_both_ways():
    rng = np.random.default_rng(2)
    counts = np.array([3, 3, 3])
    caps = np.array([5, 5, 5])
    assert shift_total(counts, caps, np.ones(3), 4, rng).sum() == 4
    assert shift_total(counts, caps, np.ones(3), 15, rng).tolist() == [5, 5, 5]
