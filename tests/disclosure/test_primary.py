import numpy as np
import pandas as pd
import pytest

from scwres_helpers.disclosure import disclosive_rows, is_disclosive, primary_mask, row_is_disclosive
from scwres_helpers.disclosure.primary import complements


def test_is_disclosive_keeps_its_rule():
    assert is_disclosive([0, 10, 4]) is True
    assert is_disclosive([0, 5, None, 100]) is False
    assert is_disclosive([3], threshold=3) is False
    assert is_disclosive([9], threshold=10) is True


def test_small_counts_are_flagged_and_zeros_are_not():
    counts = pd.DataFrame({"a": [0, 1, 4], "b": [5, 2, 50]}, index=["x", "y", "z"])
    expected = pd.DataFrame({"a": [False, True, True], "b": [False, True, False]}, index=["x", "y", "z"])
    pd.testing.assert_frame_equal(primary_mask(counts), expected)


def test_threshold_is_configurable():
    counts = pd.DataFrame({"a": [2, 3, 9, 10]})
    assert primary_mask(counts, threshold=3)["a"].tolist() == [True, False, False, False]
    assert primary_mask(counts, threshold=10)["a"].tolist() == [True, True, True, False]
    assert primary_mask(counts, threshold=1)["a"].tolist() == [False, False, False, False]


def test_blank_cells_are_not_counts():
    counts = pd.DataFrame({"a": [np.nan, 3.0], "b": pd.array([pd.NA, 7], dtype="Int64")})
    assert primary_mask(counts).to_numpy().tolist() == [[False, False], [True, False]]


def test_threshold_below_one_is_refused():
    with pytest.raises(ValueError):
        primary_mask(pd.DataFrame({"a": [1]}), threshold=0)


def test_complements_are_the_people_without_the_outcome():
    assert complements(7, 8, 50, 100) == (1, 50)
    assert complements(5, 145, None, None) == (140, None)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((7, 8, 50, 100), True),  # n_g - a_g = 1
        ((50, 100, 96, 100), True),  # n_w - a_w = 4
        ((50, 100, 95, 100), False),  # every count and complement 5 or more
        ((8, 8, 100, 100), False),  # complements 0: "nobody" identifies no one
        ((0, 0, 0, 0), False),
        ((5, 145, None, None), False),  # DQ: unknown 5, total 145, known 140
        ((5, 8, None, None), True),  # DQ: known 3
        ((None, None, None, None), False),
    ],
)
def test_row_rule_counts_complements(counts, expected):
    assert row_is_disclosive(*counts) is expected


def test_row_rule_threshold():
    assert row_is_disclosive(7, 10, 50, 100, threshold=3) is False  # complement 3 is not below 3
    assert row_is_disclosive(7, 10, 50, 100, threshold=4) is True
    with pytest.raises(ValueError):
        row_is_disclosive(7, 10, 50, 100, threshold=0)


def test_disclosive_rows_is_the_row_rule_on_columns():
    a_g = pd.array([7, 50, 50, 5, 5, pd.NA], dtype="Int64")
    n_g = pd.array([8, 100, 100, 145, 8, pd.NA], dtype="Int64")
    a_w = pd.array([50, 96, 95, pd.NA, pd.NA, 3], dtype="Int64")
    n_w = pd.array([100, 100, 100, pd.NA, pd.NA, 10], dtype="Int64")
    assert disclosive_rows(a_g, n_g, a_w, n_w).tolist() == [True, True, False, False, True, True]
    assert disclosive_rows([np.nan], [10.0], [2.0], [100.0]).tolist() == [True]
    assert disclosive_rows(7, 8, 50, 100).tolist() == [True]
