"""The recoverability oracle must catch what a reader could work out, or the
property test of secondary suppression could never fail."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from scwres_helpers.disclosure import is_recoverable

from .builders import cells_mask, frame

COLS = ["a", "b", "c", "T"]


def table_3x3():
    return frame(
        {"r1": [10, 20, 30, 60], "r2": [3, 12, 8, 23], "r3": [15, 9, 40, 64], "T": [28, 41, 78, 147]},
        COLS,
    )


def test_lone_cell_in_a_row_is_recoverable():
    # 23 - 12 - 8 = 3
    table = table_3x3()
    assert is_recoverable(table, cells_mask(table, {("r2", "a")}), None, "T") == [("r2", "a")]


def test_lone_cell_in_a_column_is_recoverable_with_totals_row_only():
    # 28 - 10 - 15 = 3
    table = table_3x3().drop(columns="T")
    assert is_recoverable(table, cells_mask(table, {("r2", "a")}), "T", None) == [("r2", "a")]


def test_rectangle_is_safe():
    table = table_3x3()
    mask = cells_mask(table, {("r1", "a"), ("r1", "c"), ("r2", "a"), ("r2", "c")})
    assert is_recoverable(table, mask, "T", "T") == []


def test_pair_in_a_row_without_column_totals_is_safe():
    table = table_3x3()
    mask = cells_mask(table, {("r2", "a"), ("r2", "b")})
    assert is_recoverable(table, mask, None, "T") == []
    # ...but with column totals each is alone in its column
    assert is_recoverable(table, mask, "T", "T") == [("r2", "a"), ("r2", "b")]


def test_without_totals_nothing_is_recoverable():
    table = table_3x3().drop(index="T", columns="T")
    assert is_recoverable(table, cells_mask(table, {("r2", "a")}), None, None) == []


def test_hidden_grand_total_is_the_sum_of_the_column_totals():
    table = table_3x3()
    assert is_recoverable(table, cells_mask(table, {("T", "T")}), "T", "T") == [("T", "T")]


def test_cells_linking_two_safe_blocks_are_recoverable():
    # Blocks r1-r2 x a-b and r3-r4 x c-d are each a rectangle; r1c links them and is
    # the sum R1 + R2 - Ca - Cb of published figures (see test_secondary).
    table = frame(
        {
            "r1": [2, 3, 4, 20, 29],
            "r2": [1, 2, 30, 40, 73],
            "r3": [50, 60, 3, 2, 115],
            "r4": [70, 11, 1, 4, 86],
            "T": [123, 76, 38, 66, 303],
        },
        ["a", "b", "c", "d", "T"],
    )
    blocks = {(r, c) for r in ("r1", "r2") for c in ("a", "b")} | {
        (r, c) for r in ("r3", "r4") for c in ("c", "d")
    }
    assert is_recoverable(table, cells_mask(table, blocks), "T", "T") == []
    assert is_recoverable(table, cells_mask(table, blocks | {("r1", "c")}), "T", "T") == [("r1", "c")]


# --- cross-check against floating-point rank on random masks ----------------------


def rank_oracle(mask: np.ndarray) -> list[tuple[int, int]]:
    """Both totals present, last row and column are the totals: a hidden cell is fixed
    when adding its unit vector to the equations does not raise their rank."""
    n_rows, n_cols = mask.shape
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if mask[i, j]]
    equations = []
    for i in range(n_rows):
        equations.append([1 if (r == i and c < n_cols - 1) else -1 if (r == i) else 0 for r, c in hidden])
    for j in range(n_cols):
        equations.append([1 if (c == j and r < n_rows - 1) else -1 if (c == j) else 0 for r, c in hidden])
    a = np.array(equations, dtype=float).reshape(len(equations), len(hidden))
    rank = np.linalg.matrix_rank(a) if len(hidden) else 0
    fixed = []
    for k, cell in enumerate(hidden):
        unit = np.zeros((1, len(hidden)))
        unit[0, k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            fixed.append(cell)
    return fixed


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 5), st.integers(2, 5), st.data())
def test_agrees_with_rank_check(n_rows, n_cols, data):
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=n_rows * n_cols, max_size=n_rows * n_cols)))
    mask = mask.reshape(n_rows, n_cols)
    rows = [f"r{i}" for i in range(n_rows - 1)] + ["T"]
    cols = [f"c{j}" for j in range(n_cols - 1)] + ["T"]
    table = pd.DataFrame(np.zeros((n_rows, n_cols), dtype=int), index=rows, columns=cols)
    found = is_recoverable(table, pd.DataFrame(mask, index=rows, columns=cols), "T", "T")
    assert found == [(rows[i], cols[j]) for i, j in rank_oracle(mask)]
