"""Newcombe's hybrid score interval for a difference in proportions, and the gap in people."""

import pytest

from scwres_helpers.inference.gap import difference_interval, people_gap


@pytest.mark.parametrize(
    "counts, expected",
    [
        # Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10:
        ((56, 70, 48, 80), (0.2, 0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.6, 0.1705, 0.8090)),
        ((5, 56, 0, 29), (0.0893, -0.0381, 0.1926)),  # a zero: the interval still behaves
    ],
)
def test_newcombe_s_published_examples(counts, expected):
    assert difference_interval(*counts) == pytest.approx(expected, abs=5e-5)


def test_gap_in_people_worked_by_hand():
    # 50/390 appointed vs 120/520: p_g = 0.128205, p_w = 0.230769, d = -0.102564
    # Wilson: p_g (0.098615, 0.165048), p_w (0.196610, 0.268877)
    # lower = d - sqrt(0.029590^2 + 0.038108^2) = d - 0.048247 = -0.150811; x 390 = -58.82
    # upper = d + sqrt(0.036843^2 + 0.034159^2) = d + 0.050242 = -0.052322; x 390 = -20.41
    gap = people_gap(50, 390, 120, 520)
    assert gap.people == pytest.approx(-40.0)
    assert (gap.lower, gap.upper) == pytest.approx((-58.82, -20.41), abs=0.01)


def test_refuses_impossible_counts():
    with pytest.raises(ValueError):
        people_gap(5, 4, 1, 10)
    with pytest.raises(ValueError):
        people_gap(0, 0, 1, 10)
