"""One data table: its columns, its cells (via ``schemas``), its unique key, its final form.

A ``ParsedTable`` keeps one row per row read, with canonical codes and whole-number
counts where the cell was good and ``None`` where it was not, so the rules that
compare rows and tables can still run on the good parts of a flawed return. The
values are plain lists: the tables are small, and list walks beat pandas calls there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scwres_helpers import codes
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.intake.read import RawTable
from scwres_helpers.intake.schemas import parse_cells
from scwres_helpers.returns import empty_table
from scwres_helpers.safe_text import shown_value


@dataclass
class ParsedTable:
    """A table read into canonical values; ``complete`` when every column and cell was good.

    ``values[column][row]`` is the parsed value of every spec column (``None`` where
    the cell was bad or the column missing); row ``i`` is row ``i`` of ``raw``.
    """

    raw: RawTable
    values: dict[str, list]
    complete: bool

    @property
    def name(self) -> str:
        return self.raw.name

    @property
    def n_rows(self) -> int:
        return self.raw.n_rows

    def rows_with(self, *columns: str) -> list[int]:
        """The rows whose ``columns`` all parsed, in order."""
        if len(columns) == 1:
            return [row for row, value in enumerate(self.values[columns[0]]) if value is not None]
        rows = zip(*(self.values[c] for c in columns), strict=True)
        return [row for row, values in enumerate(rows) if None not in values]

    def problem(self, severity, rule: str, row: int | None = None, column: str | None = None,
                authority: str | None = None) -> Problem:
        """A problem at a cell (row and column), a row (row only) or the table (neither)."""
        raw = self.raw
        if row is None and column is None:
            location = raw.table_location()
        elif row is None:
            location = raw.header_location(column)
        elif column is None:
            location = raw.row_location(row)
        else:
            location = raw.cell_location(row, column)
        value = raw.cell(row, column) if (row is not None and column) else None
        return Problem(severity, rule, file=raw.file, table=raw.name, location=location,
                       column=column, value=value, authority=authority)


def parse_table(raw: RawTable, authority: str | None, problems: list[Problem]) -> ParsedTable:
    """Check columns and cells and the unique key; append problems; return canonical values."""
    name = raw.name
    expected = codes.table_columns(name)
    errors_before = sum(p.is_error for p in problems)
    for column in expected:
        if column not in raw.column_positions:
            problems.append(Problem(
                ERROR, f"the {name} table has no '{column}' column; its header row must name "
                f"these columns: {', '.join(expected)}", file=raw.file, table=name,
                location=raw.header_location(), column=column, authority=authority))
    for position, column in raw.header_cells:
        if column not in expected:
            problems.append(Problem(
                WARNING, f"'{shown_value(column)}' is not a column of the {name} table and was ignored",
                file=raw.file, table=name, location=raw.position_location(position),
                column=column, authority=authority))
    repeated = _repeated_headers(raw)
    for position, column in repeated:
        problems.append(Problem(
            ERROR, f"the column '{column}' appears more than once in the header; keep one",
            file=raw.file, table=name, location=raw.position_location(position),
            column=column, authority=authority))
    values, bad_cells = parse_cells(raw, authority)
    problems.extend(bad_cells)
    complete = sum(p.is_error for p in problems) == errors_before  # warnings do not count
    parsed = ParsedTable(raw, values, complete=complete)
    problems.extend(_duplicate_keys(parsed, authority))
    if name == "workforce" and parsed.complete and parsed.n_rows == 0:
        problems.append(parsed.problem(
            ERROR, "the workforce table has no rows; a return needs the workforce of at "
            "least one service (adult or children)", authority=authority))
    return parsed


def _repeated_headers(raw: RawTable) -> list[tuple[int, str]]:
    seen: set[str] = set()
    repeated = []
    for position, column in raw.header_cells:
        if column in seen and column in codes.table_columns(raw.name):
            repeated.append((position, column))
        seen.add(column)
    return repeated


def _duplicate_keys(parsed: ParsedTable, authority: str | None) -> list[Problem]:
    """Rows that repeat a key (after aliases: 'A' and 'white_british' are the same)."""
    keys = codes.TABLE_KEYS[parsed.name]
    problems = []
    first_row: dict[tuple, int] = {}
    for row, key in enumerate(zip(*(parsed.values[c] for c in keys), strict=True)):
        if None in key:
            continue  # a bad key cell, already reported
        if key not in first_row:
            first_row[key] = row
            continue
        earlier = parsed.raw.row_location(first_row[key])
        described = ", ".join(f"{c} {v}" for c, v in zip(keys, key, strict=True))
        written = [parsed.raw.cell(row, c) for c in keys]
        problems.append(Problem(
            ERROR,
            f"this row repeats {described}, already given at {earlier} (codes and aliases "
            "are read as the same category); each combination may appear once — add the "
            "two rows together", file=parsed.raw.file, table=parsed.name,
            location=parsed.raw.row_location(row), value=", ".join(written),
            authority=authority))
    return problems


def canonical_table(parsed: ParsedTable) -> pd.DataFrame:
    """The table as ``AuthorityReturn`` holds it: str keys, int64 counts, sorted by key."""
    name = parsed.name
    if parsed.n_rows == 0:
        return empty_table(name)
    keys = codes.TABLE_KEYS[name]
    # Sorting (key..., row) tuples is a stable sort by key.
    order = [keyed[-1] for keyed in sorted(zip(*(parsed.values[c] for c in keys), range(parsed.n_rows)))]
    columns: dict[str, object] = {}
    for c in keys:
        values = parsed.values[c]
        columns[c] = pd.array([values[row] for row in order], dtype="str")
    for c in codes.TABLE_COUNTS[name]:
        values = parsed.values[c]
        columns[c] = np.array([values[row] for row in order], dtype=np.int64)
    return pd.DataFrame(columns)
