"""Validate a read return against every rule of the data-return spec, all at once.

The order of the checks is the order of the spec: tables present (``read``), the
about table, each data table's columns, cells and keys, then the rules across rows
and tables, then the warnings, then the optional action plan (``action_plan``). A
return with any error gives no ``AuthorityReturn``. At most the first
``problems.MAX_PROBLEMS_PER_RETURN`` problems are kept, with a count of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from scwres_helpers import codes
from scwres_helpers.intake.about import check_about
from scwres_helpers.intake.action_plan import check_action_plan
from scwres_helpers.intake.discover import ReturnSource, is_authority_code
from scwres_helpers.intake.problems import Problem, capped
from scwres_helpers.intake.read import RawReturn
from scwres_helpers.intake.row_labels import with_row_labels
from scwres_helpers.intake.rules import cross_table_problems, tenfold_warnings, unknown_ethnicity_warning
from scwres_helpers.intake.tables import ParsedTable, canonical_table, parse_table
from scwres_helpers.returns import AuthorityReturn


@dataclass
class ValidationResult:
    """The verdict on one return: its problems, and the validated return when error-free."""

    source: ReturnSource
    authority_code: str | None
    problems: list[Problem]
    ret: AuthorityReturn | None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def validate_return(raw: RawReturn, previous: AuthorityReturn | None = None) -> ValidationResult:
    """Check everything; ``previous`` (last year's valid return) enables the tenfold warning."""
    source = raw.source
    authority = source.name_code if is_authority_code(source.name_code) else None
    problems: list[Problem] = list(raw.problems)
    about = check_about(raw.tables.get(codes.ABOUT_TABLE), source, authority, problems)
    tables: dict[str, ParsedTable] = {}
    for name in codes.DATA_TABLES:
        if name in raw.tables:
            tables[name] = parse_table(raw.tables[name], authority, problems)
    problems.extend(cross_table_problems(tables, authority))
    if "workforce" in tables:
        problems.extend(unknown_ethnicity_warning(tables["workforce"], authority))
    problems.extend(tenfold_warnings(tables, previous, authority))
    plan = check_action_plan(raw.tables.get(codes.ACTION_PLAN_TABLE), source.year, authority, problems)
    problems = with_row_labels(sorted(problems, key=_table_order), raw.tables)  # stable sort: row order kept
    if about is None or any(p.is_error for p in problems):
        return ValidationResult(source, authority, capped(problems), None)
    problems = capped(problems)
    ret = AuthorityReturn(
        about=about,
        tables={name: _final_table(name, tables.get(name)) for name in codes.DATA_TABLES},
        source=source.path,
        warnings=[p for p in problems if not p.is_error],
        action_plan=plan,
    )
    return ValidationResult(source, authority, problems, ret)


def _table_order(problem: Problem) -> int:
    """Return-level problems first, then table by table in the spec's order."""
    return codes.ALL_TABLES.index(problem.table) + 1 if problem.table in codes.ALL_TABLES else 0


def _final_table(name: str, parsed: ParsedTable | None):
    """Canonical table; the survey is ``None`` when absent or without rows (no survey ran)."""
    if name in codes.OPTIONAL_TABLES and (parsed is None or parsed.n_rows == 0):
        return None
    return canonical_table(parsed)
