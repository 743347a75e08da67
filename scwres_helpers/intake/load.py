"""Load a year's returns: discover, read and validate each, quarantine the bad ones.

One bad return never stops the others: anything that goes wrong with a return,
even an unexpected exception, becomes a Problem for that return only. Files are
only read, never changed, moved or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scwres_helpers.intake.discover import ReturnSource, discover_returns, years_available
from scwres_helpers.intake.problems import ERROR, Problem
from scwres_helpers.intake.read import read_return
from scwres_helpers.intake.validate import ValidationResult, validate_return
from scwres_helpers.returns import AuthorityReturn


@dataclass
class YearReturns:
    """A year's intake: valid returns by code, quarantined returns by path, every problem."""

    year: int
    returns: dict[str, AuthorityReturn] = field(default_factory=dict)
    quarantined: dict[str, list[Problem]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def check_source(source: ReturnSource, previous: AuthorityReturn | None = None) -> ValidationResult:
    """Read and validate one return; an unexpected failure is a Problem, never a crash."""
    try:
        return validate_return(read_return(source), previous)
    except Exception as exc:  # noqa: BLE001 - one return must not stop the others
        problem = Problem(
            ERROR,
            f"the return could not be read ({type(exc).__name__}: {exc}); check that its "
            "files open normally, and tell the SC-WRES team if they do",
            file=source.display_name, authority=source.name_code)
        return ValidationResult(source, source.name_code, [problem], None)


def load_year(root: Path | str, year: int) -> YearReturns:
    """Every return of ``year``; last year's return (validated quietly) feeds the tenfold warning."""
    return _load_year(Path(root), year, None)


def load_years(root: Path | str, years: Iterable[int] | None = None) -> dict[int, YearReturns]:
    """Several years (all with a folder when ``years`` is None), each validated once."""
    root = Path(root)
    wanted = sorted(set(years_available(root) if years is None else years))
    loaded: dict[int, YearReturns] = {}
    for year in wanted:
        before = loaded[year - 1].returns if year - 1 in loaded else None
        loaded[year] = _load_year(root, year, before)
    return loaded


def _previous_returns(root: Path, year: int, wanted: set[str]) -> dict[str, AuthorityReturn]:
    """Last year's valid returns of the ``wanted`` authorities, without reporting their problems."""
    if not wanted or not (root / str(year)).is_dir():
        return {}
    sources, _ = discover_returns(root, year)
    found = {}
    for code, group in _group_by_code(sources).items():
        if code in wanted and len(group) == 1:
            result = check_source(group[0])
            if result.ret is not None:
                found[code] = result.ret
    return found


def _group_by_code(sources: list[ReturnSource]) -> dict[str, list[ReturnSource]]:
    groups: dict[str, list[ReturnSource]] = {}
    for source in sources:
        groups.setdefault(source.name_code, []).append(source)
    return groups


def _load_year(root: Path, year: int, before: dict[str, AuthorityReturn] | None) -> YearReturns:
    """``before``: last year's valid returns when already loaded; else validated here, quietly."""
    sources, discovery_problems = discover_returns(root, year)
    result = YearReturns(year)
    result.problems.extend(discovery_problems)
    quarantined: dict[str, list[Problem]] = {}
    for problem in discovery_problems:
        if problem.is_error and problem.file is not None:
            quarantined.setdefault(f"{year}/{problem.file}", []).append(problem)
    groups = _group_by_code(sources)
    if before is None:
        before = _previous_returns(root, year - 1, {c for c, g in groups.items() if len(g) == 1})
    returns: dict[str, AuthorityReturn] = {}
    for code, group in sorted(groups.items()):
        if len(group) > 1:
            names = " and ".join(s.display_name for s in group)
            for source in group:
                problem = Problem(
                    ERROR,
                    f"there are {len(group)} returns for {code} in {year} ({names}); keep "
                    "only the one to be used, so we do not have to guess",
                    file=source.display_name, authority=code)
                quarantined[source.relative_key()] = [problem]
                result.problems.append(problem)
            continue
        checked = check_source(group[0], before.get(code))
        result.problems.extend(checked.problems)
        if checked.ret is None:
            quarantined[group[0].relative_key()] = checked.problems
        else:
            returns[code] = checked.ret
    result.returns = dict(sorted(returns.items()))
    result.quarantined = dict(sorted(quarantined.items()))
    return result
