"""One data table: its columns, its cells (via ``schemas``), its unique key, its final form.

A ``ParsedTable`` keeps one row per row read, with canonical codes and whole-number
counts where the cell was good and ``None`` where it was not, so the rules that
compare rows and tables can still run on the good parts of a flawed return.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.intake.read import RawTable
from scwres_helpers.intake.schemas import cell_problems
from scwres_helpers.intake.values import canonical_code, parse_count
from scwres_helpers.returns import empty_table


@dataclass
class ParsedTable:
    """A table read into canonical values; ``complete`` when every column and cell was good."""

    raw: RawTable
    frame: pd.DataFrame
    complete: bool

    @property
    def name(self) -> str:
        return self.raw.name

    def rows_with(self, *columns: str) -> pd.DataFrame:
        """The rows whose ``columns`` all parsed (index = position in the raw table)."""
        return self.frame.dropna(subset=list(columns))

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
        value = raw.frame.at[row, column] if (row is not None and column) else None
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
                WARNING, f"'{column}' is not a column of the {name} table and was ignored",
                file=raw.file, table=name, location=raw.position_location(position),
                column=column, authority=authority))
    repeated = _repeated_headers(raw)
    for position, column in repeated:
        problems.append(Problem(
            ERROR, f"the column '{column}' appears more than once in the header; keep one",
            file=raw.file, table=name, location=raw.position_location(position),
            column=column, authority=authority))
    problems.extend(cell_problems(raw, authority))
    complete = sum(p.is_error for p in problems) == errors_before  # warnings do not count
    parsed = ParsedTable(raw, _canonical_values(raw), complete=complete)
    problems.extend(_duplicate_keys(parsed, authority))
    if name == "workforce" and parsed.complete and parsed.frame.empty:
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


def _canonical_values(raw: RawTable) -> pd.DataFrame:
    """Keys as canonical codes, counts as ints, ``None`` for bad or missing cells."""
    data = {}
    for column in codes.table_columns(raw.name):
        cells = raw.frame[column] if column in raw.column_positions else [None] * len(raw.frame)
        if column in codes.TABLE_COUNTS[raw.name]:
            data[column] = pd.Series([parse_count(v) for v in cells], dtype=object)
        else:
            data[column] = pd.Series([canonical_code(column, v) for v in cells], dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(len(raw.frame)))


def _duplicate_keys(parsed: ParsedTable, authority: str | None) -> list[Problem]:
    """Rows that repeat a key (after aliases: 'A' and 'white_british' are the same)."""
    keys = list(codes.TABLE_KEYS[parsed.name])
    rows = parsed.rows_with(*keys)
    problems = []
    first_row: dict[tuple, int] = {}
    for row, key in zip(rows.index, rows[keys].itertuples(index=False, name=None), strict=True):
        if key not in first_row:
            first_row[key] = row
            continue
        earlier = parsed.raw.row_location(first_row[key])
        described = ", ".join(f"{c} {v}" for c, v in zip(keys, key, strict=True))
        written = [parsed.raw.frame.at[row, c] for c in keys]
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
    if parsed.frame.empty:
        return empty_table(name)
    keys = list(codes.TABLE_KEYS[name])
    frame = pd.DataFrame({
        **{c: parsed.frame[c].astype("str") for c in keys},
        **{c: parsed.frame[c].astype("int64") for c in codes.TABLE_COUNTS[name]},
    })
    return frame.sort_values(keys, kind="stable", ignore_index=True)
