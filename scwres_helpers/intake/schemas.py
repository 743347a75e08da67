"""Per-column checks of a data table, declared once, read cell by cell, reported per cell.

Each spec column has one parser: a key column accepts its codes (and, for
ethnicity, the aliases), a count column whole numbers from 0. A cell is bad
exactly when its parser gives ``None`` (blank included), and each bad cell becomes
a ``Problem`` at the cell the analyst sees (CSV line or Excel cell), with the
wording from ``values``. Rules that compare rows or tables are in ``rules``.

These were pandera schemas; validating seven small tables a return through
pandera cost about 7 ms even when every cell was good (most of a return's
budget), so the same declaration is applied here in plain Python instead, in one
pass that also yields the parsed values.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from scwres_helpers import codes
from scwres_helpers.intake.problems import ERROR, Problem
from scwres_helpers.intake.read import RawTable
from scwres_helpers.intake.values import canonical_code, explain_code, explain_count, parse_count

Parser = Callable[[str | None], object]
Explainer = Callable[[str, str | None], str]


def _column_rules(table: str) -> dict[str, tuple[Parser, Explainer]]:
    rules: dict[str, tuple[Parser, Explainer]] = {}
    for column in codes.table_columns(table):
        if column in codes.TABLE_COUNTS[table]:
            rules[column] = (parse_count, explain_count)
        else:
            rules[column] = (partial(canonical_code, column), explain_code)
    return rules


# The schema of every data table, in the spec's column order: (parser, explainer).
SCHEMAS: dict[str, dict[str, tuple[Parser, Explainer]]] = {
    table: _column_rules(table) for table in codes.DATA_TABLES
}


def parse_cells(raw: RawTable, authority: str | None) -> tuple[dict[str, list], list[Problem]]:
    """Parsed values of every spec column (``None`` where bad or missing) and the bad cells.

    The problems come in row then column order; a column missing from the header
    gives ``None`` values and no cell problems (it is reported once, at the header).
    """
    size = raw.n_rows
    values: dict[str, list] = {}
    bad: list[tuple[int, int, str]] = []  # (row, column position, column)
    for column, (parse, _) in SCHEMAS[raw.name].items():
        if column not in raw.column_positions:
            values[column] = [None] * size
            continue
        parsed_of: dict[str | None, object] = {}  # cells repeat a lot: parse each text once
        parsed = []
        position = raw.column_positions[column]
        for row, text in enumerate(raw.cells[column]):
            if text in parsed_of:
                value = parsed_of[text]
            else:
                value = parsed_of[text] = parse(text)
            if value is None:
                bad.append((row, position, column))
            parsed.append(value)
        values[column] = parsed
    bad.sort()
    problems = []
    for row, _, column in bad:
        text = raw.cells[column][row]
        problems.append(Problem(
            ERROR, SCHEMAS[raw.name][column][1](column, text), file=raw.file, table=raw.name,
            location=raw.cell_location(row, column), column=column, value=text,
            authority=authority))
    return values, problems
