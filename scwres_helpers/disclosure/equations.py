"""The additive equations that a published count table with totals states.

A table of inner cells with a totals column says, for every row, "these cells add up
to this total"; a totals row says the same down every column (and, with both, the
totals row and totals column are equations too, meeting at the grand total). Anyone
can subtract along these equations, so both the suppression heuristic and the
recoverability check work on this list of equations rather than on the frame.
Cells are (row position, column position) so that labels of any type are safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

import numpy as np
import pandas as pd

Cell = tuple[int, int]


@dataclass(frozen=True)
class Equation:
    """``sum(parts) == total``: the parts in table order, then the total."""

    parts: tuple[Cell, ...]
    total: Cell

    @property
    def terms(self) -> tuple[Cell, ...]:
        return (*self.parts, self.total)


@dataclass(frozen=True)
class TableLayout:
    """Where the totals sit in a table; everything else is an inner cell."""

    n_rows: int
    n_cols: int
    total_row: int | None
    total_col: int | None

    @property
    def inner_rows(self) -> list[int]:
        return [i for i in range(self.n_rows) if i != self.total_row]

    @property
    def inner_cols(self) -> list[int]:
        return [j for j in range(self.n_cols) if j != self.total_col]

    @property
    def has_both_totals(self) -> bool:
        return self.total_row is not None and self.total_col is not None

    def is_total_cell(self, cell: Cell) -> bool:
        return cell[0] == self.total_row or cell[1] == self.total_col

    def equations(self) -> list[Equation]:
        """Row equations top to bottom, then column equations left to right."""
        found: list[Equation] = []
        if self.total_col is not None:
            for i in range(self.n_rows):
                parts = tuple((i, j) for j in self.inner_cols)
                found.append(Equation(parts, (i, self.total_col)))
        if self.total_row is not None:
            for j in range(self.n_cols):
                parts = tuple((i, j) for i in self.inner_rows)
                found.append(Equation(parts, (self.total_row, j)))
        return found


def table_layout(table: pd.DataFrame, row_total: Hashable | None, col_total: Hashable | None) -> TableLayout:
    """The layout of ``table``: ``row_total`` is the index label of the totals row,
    ``col_total`` the column label of the totals column (None when absent)."""
    if not table.index.is_unique or not table.columns.is_unique:
        raise ValueError("count table needs unique row and column labels")
    total_row = _position(table.index, row_total, "row_total (the totals row, an index label)")
    total_col = _position(table.columns, col_total, "col_total (the totals column, a column label)")
    layout = TableLayout(len(table.index), len(table.columns), total_row, total_col)
    if not layout.inner_rows or not layout.inner_cols:
        raise ValueError("count table needs at least one inner row and one inner column")
    return layout


def _position(labels: pd.Index, label: Hashable | None, what: str) -> int | None:
    if label is None:
        return None
    if label not in labels:
        raise KeyError(f"{what} {label!r} is not in the table")
    return int(labels.get_loc(label))


def count_values(table: pd.DataFrame) -> np.ndarray:
    """The table as whole non-negative numbers; anything else cannot be a headcount."""
    try:
        values = table.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise TypeError("count table must hold numbers") from error
    if np.isnan(values).any():
        raise ValueError("count table has blank cells; fill them (0 if nobody) before suppression")
    if (values < 0).any() or (values != np.round(values)).any():
        raise ValueError("count table must hold whole non-negative counts")
    return values.astype(np.int64)


def check_totals_add_up(table: pd.DataFrame, values: np.ndarray, layout: TableLayout) -> None:
    """Refuse tables whose totals are not the sums of their cells.

    Secondary suppression protects cells only through these equations; if a total also
    counts something not shown (e.g. unknown ethnicity), add it as a column instead.
    """
    for equation in layout.equations():
        parts = sum(int(values[c]) for c in equation.parts)
        total = int(values[equation.total])
        if parts != total:
            i, j = equation.total
            raise ValueError(
                f"total at ({table.index[i]!r}, {table.columns[j]!r}) is {total} "
                f"but its cells add up to {parts}"
            )


def mask_array(mask: pd.DataFrame, table: pd.DataFrame, what: str) -> np.ndarray:
    """A boolean mask aligned with ``table`` (same labels in the same order)."""
    if not mask.index.equals(table.index) or not mask.columns.equals(table.columns):
        raise ValueError(f"{what} must have the table's row and column labels, in order")
    if not all(pd.api.types.is_bool_dtype(dtype) for dtype in mask.dtypes):
        raise TypeError(f"{what} must be boolean")
    if mask.isna().to_numpy().any():
        raise ValueError(f"{what} has blank cells")
    return mask.to_numpy(dtype=bool).copy()
