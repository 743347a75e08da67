"""Which row a problem is on, in the return's own words: the row's key cells.

A reference such as ``recruitment!D3`` or ``line 7`` is exact, but the person who
filled the sheet in has to count rows to find out what it is about;
``recruitment!D3 (adult, Asian or Asian British: Indian)`` says it. The labels are
the row's key cells as written in the return (so they read as the sheet does),
each shown safely (control characters escaped, long text cut): they are untrusted.
"""

from __future__ import annotations

import dataclasses

from scwres_helpers import codes
from scwres_helpers.intake.problems import Problem, shown_value
from scwres_helpers.intake.read import RawTable

# The cells that say which row is which, per table, in the order they are shown.
LABEL_COLUMNS: dict[str, tuple[str, ...]] = {
    codes.ABOUT_TABLE: ("field",),
    **codes.TABLE_KEYS,
    codes.ACTION_PLAN_TABLE: ("action_id", "indicator"),
}
# Cells whose text alone would not say what it is ("yes", "public", "3"): shown with their column.
_NAMED = ("senior_manager", "regulated", "source", "action_id", "indicator")
# A key cell is cut after this many characters: room for the longest census label (98).
CELL_LIMIT = 120


def row_labels(raw: RawTable, row: int) -> str | None:
    """``adult, White: Irish, 20k_to_29k, senior_manager no, regulated yes``; None if no key cell is filled."""
    parts = []
    for column in LABEL_COLUMNS.get(raw.name, ()):
        if column not in raw.column_positions:
            continue
        text = raw.cell(row, column)
        if text is None:
            continue
        text = shown_value(text, CELL_LIMIT)
        parts.append(f"{column} {text}" if column in _NAMED else text)
    return ", ".join(parts) or None


def with_row_labels(problems: list[Problem], tables: dict[str, RawTable]) -> list[Problem]:
    """PROBLEMS with the labels of their row added, where a problem is at a row of a table read."""
    rows_at: dict[tuple[str, str | None], dict[str, int]] = {}
    labelled = []
    for problem in problems:
        raw = tables.get(problem.table) if problem.table else None
        row = None if raw is None or problem.location is None else _row_at(raw, problem, rows_at)
        labels = row_labels(raw, row) if row is not None else None
        labelled.append(dataclasses.replace(problem, row_labels=labels) if labels else problem)
    return labelled


def _row_at(raw: RawTable, problem: Problem, rows_at: dict) -> int | None:
    """The data row whose cell (or row) reference is the problem's location, if any."""
    column = problem.column if problem.column in raw.column_positions else None
    key = (raw.name, column)
    if key not in rows_at:
        locate = (lambda row: raw.cell_location(row, column)) if column else raw.row_location
        rows_at[key] = {locate(row): row for row in range(raw.n_rows)}
    return rows_at[key].get(problem.location)
