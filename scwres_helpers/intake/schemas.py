"""Per-column checks of a data table, declared as pandera schemas and reported per cell.

pandera (lazy) finds every failing cell in one pass; this module turns each failure
back into a ``Problem`` at the cell the analyst sees (CSV line or Excel cell), with
the wording from ``values``. Rules that compare rows or tables are in ``rules``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from scwres_helpers import codes
from scwres_helpers.intake.problems import ERROR, Problem
from scwres_helpers.intake.read import RawTable
from scwres_helpers.intake.values import canonical_code, explain_code, explain_count, parse_count

ALLOWED = "allowed_value"
WHOLE_NUMBER = "whole_number"
NOT_NULLABLE = "not_nullable"  # pandera's own name for a blank in a non-nullable column


@cache
def column_schema(table: str, column: str) -> pa.Column:
    """The pandera column for one spec column: not blank, and an accepted code or a count."""
    if column in codes.TABLE_COUNTS[table]:
        check = pa.Check(lambda v: parse_count(v) is not None, element_wise=True, name=WHOLE_NUMBER)
    else:
        check = pa.Check(lambda v, c=column: canonical_code(c, v) is not None,
                         element_wise=True, name=ALLOWED)
    return pa.Column(None, checks=[check], nullable=False, required=True)


def table_schema(table: str, present: tuple[str, ...]) -> pa.DataFrameSchema:
    """Schema over the spec columns that are present (missing ones are reported separately)."""
    return pa.DataFrameSchema(
        {column: column_schema(table, column) for column in present},
        strict=False,
        coerce=False,
        name=table,
    )


def cell_problems(raw: RawTable, authority: str | None) -> list[Problem]:
    """Every bad cell of the spec columns of ``raw``, in row then column order."""
    present = tuple(c for c in codes.table_columns(raw.name) if c in raw.column_positions)
    if not present or raw.frame.empty:
        return []
    frame = raw.frame.loc[:, list(present)].reset_index(drop=True)
    try:
        table_schema(raw.name, present).validate(frame, lazy=True)
    except SchemaErrors as exc:
        failures = exc.failure_cases
    else:
        return []
    found: dict[tuple[int, int], Problem] = {}
    for failure in failures.itertuples(index=False):
        column = failure.column
        if column not in present or pd.isna(failure.index):
            continue
        row = int(failure.index)
        text = frame.at[row, column]
        if column in codes.TABLE_COUNTS[raw.name]:
            rule = explain_count(column, text)
        else:
            rule = explain_code(column, text)
        found[(row, raw.column_positions[column])] = Problem(
            ERROR, rule, file=raw.file, table=raw.name,
            location=raw.cell_location(row, column), column=column, value=text,
            authority=authority)
    return [found[key] for key in sorted(found)]
