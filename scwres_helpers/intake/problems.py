"""One thing wrong with a return, said so that the authority's analyst can fix it.

Every check in intake reports through ``Problem`` instead of raising, so that all
the problems of a return reach the analyst in one go (spec: "Every problem is
reported, not only the first"), up to ``MAX_PROBLEMS_PER_RETURN`` and a count of
the rest (``capped``): a return with a million bad rows says so in a few lines.

A problem holds text from the return (file and sheet names, column names, values),
so everything it prints or exports goes through ``safe_text``: no line breaks,
terminal escapes or bidirectional overrides reach a terminal, a page or a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from scwres_helpers.safe_text import printable, shown_value

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

MAX_PROBLEMS_PER_RETURN = 100


@dataclass(frozen=True)
class Problem:
    """Where (file, table, location, column), what (value) and the rule in plain words.

    ``file`` is relative to the year folder (``XA0000001/recruitment.csv`` or
    ``XA0000001.xlsx``); ``location`` is what the user sees: ``line 7`` in a CSV
    file, ``recruitment!C7`` (a cell) or ``recruitment row 7`` in a workbook.
    ``row_labels`` says which row that is in the return's own words (its key cells,
    e.g. ``adult, Asian or Asian British: Indian``), since a cell reference alone
    does not.
    """

    severity: Severity
    rule: str
    file: str | None = None
    table: str | None = None
    location: str | None = None
    column: str | None = None
    value: str | None = None
    authority: str | None = None
    row_labels: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def place(self) -> str | None:
        """Where, as the user sees it: ``recruitment!D3 (adult, Asian or Asian British: Indian)``."""
        if self.location is None:
            return None
        if not self.row_labels:
            return self.location
        return f"{self.location} ({shown_value(self.row_labels, limit=None)})"  # each cell already cut

    def detail(self) -> str:
        """Where, what and the rule, e.g. ``X/recruitment.csv line 7, column c, value "12": rule``."""
        where = " ".join(part for part in (self.file, self.place()) if part)
        if not where and self.table:
            where = f"table {self.table}"
        details = [where] if where else []
        if self.column is not None:
            details.append(f"column {shown_value(self.column)}")
        if self.value is not None:
            details.append(f'value "{shown_value(self.value)}"')
        head = ", ".join(details)
        return printable(f"{head}: {self.rule}" if head else self.rule)

    def describe(self) -> str:
        """One readable line, e.g. ``error  X/recruitment.csv line 7, column c, value "12": rule``."""
        return f"{self.severity}  {self.detail()}"

    def to_dict(self) -> dict[str, str | None]:
        """Every field, made printable (a JSON reader may print them); values and names cut short."""
        fields = asdict(self)
        for name in ("file", "location", "rule", "table", "authority"):
            if fields[name] is not None:
                fields[name] = printable(fields[name])
        for name in ("column", "value"):
            if fields[name] is not None:
                fields[name] = shown_value(fields[name])
        return fields


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_RETURN) -> list[Problem]:
    """The first LIMIT problems of one return and, when there were more, one saying how many.

    The last line is an error when any problem left out is one, so the count of errors
    never hides that the return is quarantined.
    """
    if len(problems) <= limit:
        return problems
    rest = problems[limit:]
    errors = sum(p.is_error for p in rest)
    first = problems[0]
    more = Problem(
        ERROR if errors else WARNING,
        f"and {len(rest):,} more problems ({errors:,} errors, {len(rest) - errors:,} warnings) not listed; "
        f"only the first {limit} are shown — correct these and check the return again",
        file=first.file.split("/")[0] if first.file else None, authority=first.authority)
    return [*problems[:limit], more]


def only_errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def only_warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
