"""The intake report for a year: what was accepted, what was quarantined and why.

Plain text for the build summary and the console, JSON for machines; both are
deterministic (sorted, no timestamps, no absolute paths) so they can be compared
between builds.
"""

from __future__ import annotations

import json

from scwres_helpers.intake.load import YearReturns, entry_key
from scwres_helpers.intake.problems import Problem


def _entry_key(year: int, problem: Problem) -> str:
    """The year-folder entry a problem belongs to (``2024/XA0000001``), or "" if none."""
    if problem.file is None:
        return ""
    return entry_key(year, problem.file.split("/")[0])


def _grouped(year_returns: YearReturns) -> dict[str, list[Problem]]:
    groups: dict[str, list[Problem]] = {}
    for problem in year_returns.problems:
        groups.setdefault(_entry_key(year_returns.year, problem), []).append(problem)
    return groups


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _section(key: str, problems: list[Problem]) -> list[str]:
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    lines = [f"  {key} ({_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')})"]
    lines += [f"    {p.describe()}" for p in errors + warnings]
    return lines


def format_text(year_returns: YearReturns) -> str:
    """Counts first, then each quarantined return and each return with warnings."""
    year = year_returns.year
    groups = _grouped(year_returns)
    valid = year_returns.returns
    lines = [
        f"Returns for {year}: {len(valid)} valid, {len(year_returns.quarantined)} quarantined",
        f"({_plural(sum(p.is_error for p in year_returns.problems), 'error')}, "
        f"{_plural(sum(not p.is_error for p in year_returns.problems), 'warning')} in all)",
    ]
    if year_returns.quarantined:
        lines += ["", f"Quarantined (left out of the {year} figures; files left as they are):"]
        for key, problems in year_returns.quarantined.items():
            lines += _section(key, problems)
    valid_keys = {entry_key(year, r.source.name): code for code, r in valid.items()}
    with_warnings = [key for key in sorted(valid_keys) if groups.get(key)]
    if with_warnings:
        lines += ["", "Accepted with warnings:"]
        for key in with_warnings:
            lines += _section(key, groups[key])
    clean = sorted(code for key, code in valid_keys.items() if not groups.get(key))
    if clean:
        lines += ["", f"Accepted without problems: {', '.join(clean)}"]
    other = [p for key, ps in groups.items()
             if key not in year_returns.quarantined and key not in valid_keys for p in ps]
    if other:
        lines += ["", "Other notes:"] + [f"  {p.describe()}" for p in other]
    return "\n".join(lines) + "\n"


def to_json(year_returns: YearReturns) -> str:
    """The same content as data: stable order, sorted keys."""
    document = {
        "year": year_returns.year,
        "valid": sorted(year_returns.returns),
        "quarantined": {key: [p.to_dict() for p in problems]
                        for key, problems in sorted(year_returns.quarantined.items())},
        "problems": [p.to_dict() for p in year_returns.problems],
        "counts": {
            "valid": len(year_returns.returns),
            "quarantined": len(year_returns.quarantined),
            "errors": sum(p.is_error for p in year_returns.problems),
            "warnings": sum(not p.is_error for p in year_returns.problems),
        },
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
