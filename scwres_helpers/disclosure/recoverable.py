"""Which suppressed cells could a reader work out from what is published?

This is the test oracle for secondary suppression, so it deliberately shares no
logic with the heuristic: it treats every suppressed cell as an unknown, writes the
table's row and column equations with the published figures moved to the right-hand
side, and asks linear algebra (exact rational arithmetic, no floating tolerance)
which unknowns have a single possible value. That covers plain subtraction from one
total and any combination of rows and columns. Bounds (counts are non-negative) are
not used, so narrowing a cell to a range is not reported.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Hashable

import pandas as pd

from scwres_helpers.disclosure.equations import mask_array, table_layout


def is_recoverable(
    table: pd.DataFrame,
    mask: pd.DataFrame,
    row_total: Hashable | None,
    col_total: Hashable | None,
) -> list[tuple[Hashable, Hashable]]:
    """Suppressed cells, as (row label, column label) in reading order, whose value is
    fixed by the table's equations; empty when the suppression is safe."""
    layout = table_layout(table, row_total, col_total)
    hidden = mask_array(mask, table, "mask")
    unknowns = [(i, j) for i in range(layout.n_rows) for j in range(layout.n_cols) if hidden[i, j]]
    position = {cell: k for k, cell in enumerate(unknowns)}
    system: list[list[Fraction]] = []
    for equation in layout.equations():
        row = [Fraction(0)] * len(unknowns)
        for cell in equation.parts:
            if cell in position:
                row[position[cell]] = Fraction(1)
        if equation.total in position:
            row[position[equation.total]] = Fraction(-1)
        if any(row):
            system.append(row)
    return [
        (table.index[unknowns[k][0]], table.columns[unknowns[k][1]])
        for k in sorted(determined_unknowns(system, len(unknowns)))
    ]


def determined_unknowns(system: list[list[Fraction]], n_unknowns: int) -> set[int]:
    """Unknowns with one value in every solution: after reduction to row echelon form,
    a pivot unknown whose row involves no free unknown."""
    rows = [list(r) for r in system]
    pivots: list[int] = []
    for col in range(n_unknowns):
        r = len(pivots)
        pivot = next((k for k in range(r, len(rows)) if rows[k][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][col]
        rows[r] = [x / lead for x in rows[r]]
        for k in range(len(rows)):
            if k != r and rows[k][col] != 0:
                factor = rows[k][col]
                rows[k] = [x - factor * y for x, y in zip(rows[k], rows[r])]
        pivots.append(col)
    free = set(range(n_unknowns)) - set(pivots)
    return {col for r, col in enumerate(pivots) if all(rows[r][f] == 0 for f in free)}
