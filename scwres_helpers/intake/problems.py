"""One thing wrong with a return, said so that the authority's analyst can fix it.

Every check in intake reports through ``Problem`` instead of raising, so that all
the problems of a return reach the analyst in one go (spec: "Every problem is
reported, not only the first").
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

_MAX_SHOWN_VALUE = 80


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
            details.append(f"column {self.column}")
        if self.value is not None:
            details.append(f'value "{shown_value(self.value)}"')
        head = ", ".join(details)
        return f"{head}: {self.rule}" if head else self.rule

    def describe(self) -> str:
        """One readable line, e.g. ``error  X/recruitment.csv line 7, column c, value "12": rule``."""
        return f"{self.severity}  {self.detail()}"

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


def shown_value(value: str, limit: int | None = _MAX_SHOWN_VALUE) -> str:
    """A value safe to print on one line: control characters escaped, text beyond LIMIT cut.

    Values come from the return (untrusted), so a newline or terminal escape in a
    cell must not break or forge lines of the report.
    """
    cleaned = "".join(
        ch if unicodedata.category(ch)[0] != "C" else ch.encode("unicode_escape").decode("ascii")
        for ch in value
    )
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def only_errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def only_warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
