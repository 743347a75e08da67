"""Headcount tables ready to publish: small counts and their complements shown as [c]."""

from __future__ import annotations

from typing import Hashable

import pandas as pd

from scwres_helpers.disclosure.primary import primary_mask
from scwres_helpers.disclosure.secondary import secondary_mask
from scwres_helpers.disclosure.shorthand import render_gss


def suppress_count_table(
    table: pd.DataFrame,
    threshold: int,
    row_total: Hashable | None,
    col_total: Hashable | None,
) -> pd.DataFrame:
    """The table as text, with ``[c]`` for primary and secondary suppressions.

    Primary suppression covers the totals too: a total of 1 to threshold - 1 is itself a
    small count of people. ``row_total`` is the index label of the totals row and
    ``col_total`` the column label of the totals column (None when absent). Counts are
    written as plain integers.
    """
    primary = primary_mask(table, threshold)
    mask = secondary_mask(table, primary, row_total, col_total)
    cells = {
        column: [
            render_gss(value, suppressed=bool(hidden))
            for value, hidden in zip(table[column].tolist(), mask[column].tolist())
        ]
        for column in table.columns
    }
    rendered = pd.DataFrame(cells, index=table.index, columns=table.columns, dtype="str")
    rendered.columns = table.columns
    return rendered
