"""Small builders shared by the disclosure tests."""

from __future__ import annotations

import pandas as pd


def frame(rows: dict[str, list[int]], columns: list[str]) -> pd.DataFrame:
    """A count table from {row label: cells}, in the given column order."""
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def cells_mask(table: pd.DataFrame, cells: set[tuple[str, str]]) -> pd.DataFrame:
    """A boolean mask over ``table`` that is True exactly at ``cells``."""
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    for row, col in cells:
        mask.loc[row, col] = True
    return mask


def true_cells(mask: pd.DataFrame) -> set[tuple[str, str]]:
    return {(r, c) for r in mask.index for c in mask.columns if mask.loc[r, c]}
