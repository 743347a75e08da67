import numpy as np
import pandas as pd
import pytest

from scwres_helpers.disclosure import is_disclosive, primary_mask


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
