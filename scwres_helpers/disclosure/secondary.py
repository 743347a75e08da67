"""Secondary suppression: hide enough other cells that no [c] can be worked out.

Heuristic (deterministic, no optimiser):

1. Sweep the equations in order (rows top to bottom, then columns left to right).
   An equation with exactly one suppressed term would give that term away by
   subtraction, so suppress one more of its inner cells: the smallest non-zero
   unsuppressed one (ties: first in table order); if all are zero, the first zero;
   if it has no unsuppressed inner cell, its total. Repeat sweeps until one changes
   nothing.
2. With both a totals row and a totals column, step 1 is not enough: combining
   several rows and columns can still pin a cell down (two blocks of suppressed
   cells linked by a single cell). Seen as a graph whose nodes are rows and columns
   and whose edges are suppressed cells, a cell can be worked out exactly when its
   edge is a bridge (on no cycle). For the first bridge in reading order, suppress
   the unsuppressed cell that closes a cycle through it: inner cells before totals,
   non-zero before zero, smallest first, then reading order. Go back to step 1
   until there is no bridge.
"""

from __future__ import annotations

from typing import Hashable

import numpy as np
import pandas as pd

from scwres_helpers.disclosure.equations import (
    Cell,
    Equation,
    TableLayout,
    check_totals_add_up,
    count_values,
    mask_array,
    table_layout,
)

Node = tuple[str, int]  # ("r", row position) or ("c", column position)


def secondary_mask(
    table: pd.DataFrame,
    primary: pd.DataFrame,
    row_total: Hashable | None,
    col_total: Hashable | None,
) -> pd.DataFrame:
    """Cells to suppress (primary plus complements) so no suppressed cell is recoverable.

    ``table`` holds inner cells plus an optional totals row (index label ``row_total``)
    and totals column (column label ``col_total``); the totals must be the sums of the
    cells. ``primary`` is a boolean frame with the same labels; totals may be in it.
    """
    layout = table_layout(table, row_total, col_total)
    values = count_values(table)
    check_totals_add_up(table, values, layout)
    mask = mask_array(primary, table, "primary")
    equations = layout.equations()
    while True:
        _close_lone_terms(equations, values, mask)
        if not layout.has_both_totals:
            break
        bridge = _first_bridge(mask)
        if bridge is None:
            break
        mask[_cycle_closing_cell(*bridge, values, mask, layout)] = True
    return pd.DataFrame(mask, index=table.index, columns=table.columns)


def _close_lone_terms(equations: list[Equation], values: np.ndarray, mask: np.ndarray) -> None:
    """Step 1: sweep until no equation has exactly one suppressed term."""
    changed = True
    while changed:
        changed = False
        for equation in equations:
            if sum(bool(mask[c]) for c in equation.terms) == 1:
                mask[_complement(equation, values, mask)] = True
                changed = True


def _complement(equation: Equation, values: np.ndarray, mask: np.ndarray) -> Cell:
    candidates = [c for c in equation.parts if not mask[c]]
    if not candidates:
        return equation.total
    # non-zero before zero, then smallest, then first in table order
    return min(candidates, key=lambda c: (values[c] == 0, values[c], c))


def _first_bridge(mask: np.ndarray) -> tuple[Cell, set[Node], set[Node]] | None:
    """The first suppressed cell (reading order) on no cycle, with the two sides it joins."""
    edges = [(int(i), int(j)) for i, j in zip(*np.nonzero(mask))]
    adjacency: dict[Node, list[Node]] = {}
    for i, j in edges:
        adjacency.setdefault(("r", i), []).append(("c", j))
        adjacency.setdefault(("c", j), []).append(("r", i))
    for i, j in edges:
        row_side = _reachable(adjacency, ("r", i), without=(i, j))
        if ("c", j) not in row_side:
            return (i, j), row_side, _reachable(adjacency, ("c", j), without=(i, j))
    return None


def _reachable(adjacency: dict[Node, list[Node]], start: Node, without: Cell) -> set[Node]:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        for other in adjacency[node]:
            row, col = (node, other) if node[0] == "r" else (other, node)
            if (row[1], col[1]) == without or other in seen:
                continue
            seen.add(other)
            stack.append(other)
    return seen


def _cycle_closing_cell(
    bridge: Cell,
    row_side: set[Node],
    col_side: set[Node],
    values: np.ndarray,
    mask: np.ndarray,
    layout: TableLayout,
) -> Cell:
    """An unsuppressed cell joining the bridge's two sides, which puts it on a cycle."""

    def rows(side: set[Node]) -> list[int]:
        return [n for kind, n in side if kind == "r"]

    def cols(side: set[Node]) -> list[int]:
        return [n for kind, n in side if kind == "c"]

    candidates = [
        (i, j)
        for a, b in ((row_side, col_side), (col_side, row_side))
        for i in rows(a)
        for j in cols(b)
        if not mask[i, j]
    ]
    if not candidates:  # cannot happen after step 1; kept as a loud guard
        raise RuntimeError(f"no cell can protect bridge cell {bridge}")
    return min(candidates, key=lambda c: (layout.is_total_cell(c), values[c] == 0, values[c], c))
