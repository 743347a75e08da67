import pandas as pd
import pytest

from scwres_helpers.disclosure.equations import (
    Equation,
    check_totals_add_up,
    count_values,
    mask_array,
    table_layout,
)

from .builders import frame


def test_equations_of_a_table_with_both_totals():
    # rows r0, r1, T; columns a, b, T (positions 0, 1, 2)
    table = frame({"r0": [1, 2, 3], "r1": [4, 5, 9], "T": [5, 7, 12]}, ["a", "b", "T"])
    assert table_layout(table, "T", "T").equations() == [
        Equation(((0, 0), (0, 1)), (0, 2)),
        Equation(((1, 0), (1, 1)), (1, 2)),
        Equation(((2, 0), (2, 1)), (2, 2)),
        Equation(((0, 0), (1, 0)), (2, 0)),
        Equation(((0, 1), (1, 1)), (2, 1)),
        Equation(((0, 2), (1, 2)), (2, 2)),
    ]


def test_totals_may_sit_anywhere_and_one_kind_gives_one_set_of_equations():
    table = frame({"T": [5, 7], "r0": [1, 2], "r1": [4, 5]}, ["a", "b"])
    assert table_layout(table, "T", None).equations() == [
        Equation(((1, 0), (2, 0)), (0, 0)),
        Equation(((1, 1), (2, 1)), (0, 1)),
    ]
    assert table_layout(table.drop(index="T"), None, None).equations() == []


def test_totals_are_checked_and_named_in_the_error():
    table = frame({"r0": [1, 2, 3], "r1": [4, 5, 8]}, ["a", "b", "T"])
    layout = table_layout(table, None, "T")
    with pytest.raises(ValueError, match=r"\('r1', 'T'\) is 8 but its cells add up to 9"):
        check_totals_add_up(table, count_values(table), layout)


def test_layout_needs_inner_cells_and_unique_labels():
    with pytest.raises(ValueError, match="inner"):
        table_layout(frame({"T": [0]}, ["T"]), None, "T")
    with pytest.raises(ValueError, match="unique"):
        table_layout(pd.DataFrame([[1, 2]], columns=["a", "a"]), None, None)


def test_mask_accepts_nullable_booleans_without_blanks():
    table = frame({"r0": [1, 2]}, ["a", "b"])
    mask = pd.DataFrame({"a": pd.array([True], dtype="boolean"), "b": [False]}, index=["r0"])
    assert mask_array(mask, table, "mask").tolist() == [[True, False]]
    mask.loc["r0", "a"] = pd.NA
    with pytest.raises(ValueError, match="blank"):
        mask_array(mask, table, "mask")
    with pytest.raises(TypeError):
        mask_array(pd.DataFrame({"a": [1], "b": [0]}, index=["r0"]), table, "mask")
