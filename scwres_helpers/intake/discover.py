"""Find the returns filed for a year, by listing the year folder (never by building names).

A return is ``<root>/<year>/<CODE>/`` (CSV form) or ``<root>/<year>/<CODE>.xlsx``
(Excel form), where CODE is a GSS-shaped authority code. Anything else in the year
folder is reported, not opened: the only paths intake opens are ones it listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scwres_helpers import codes
from scwres_helpers.intake.population import POPULATION_FILE
from scwres_helpers.intake.problems import ERROR, WARNING, Problem

ReturnForm = Literal["csv", "xlsx"]

# Suffixes of files that look like an attempt at a return (so a bad one is an error).
_SPREADSHEET_LIKE = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".zip"}


@dataclass(frozen=True)
class ReturnSource:
    """Where one return lives: the folder or workbook, its form, year and code from its name."""

    path: Path
    form: ReturnForm
    year: int
    name_code: str

    @property
    def display_name(self) -> str:
        """The name as the user filed it (folder or workbook name), for messages."""
        return self.path.name

    def relative_key(self) -> str:
        """``<year>/<name>``: how a return is named in build summaries."""
        return f"{self.year}/{self.path.name}"


def is_ignored_entry(name: str) -> bool:
    """Hidden entries, Office lock files (``~$...``), READMEs and the population file are not returns."""
    return (name.startswith(".") or name.startswith("~$") or name.split(".")[0].lower() == "readme"
            or name.lower() == POPULATION_FILE)


def is_authority_code(text: str) -> bool:
    return codes.AUTHORITY_CODE_PATTERN.match(text.upper()) is not None


def years_available(root: Path | str) -> list[int]:
    """The years that have a folder (four digits) under the returns root, ascending."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        int(entry.name)
        for entry in root.iterdir()
        if entry.is_dir() and len(entry.name) == 4 and entry.name.isdigit()
    )


def discover_returns(root: Path | str, year: int) -> tuple[list[ReturnSource], list[Problem]]:
    """The returns in ``<root>/<year>/`` (sorted by name) and problems with other entries."""
    year_dir = Path(root) / str(year)
    if not year_dir.is_dir():
        return [], [
            Problem(ERROR, f"there is no folder for {year} under the returns root; "
                    f"put that year's returns in a folder named {year}")
        ]
    sources: list[ReturnSource] = []
    problems: list[Problem] = []
    for entry in sorted(year_dir.iterdir(), key=lambda p: p.name):
        name = entry.name
        if is_ignored_entry(name):
            continue
        source, problem = _classify(entry, year)
        if source is not None:
            sources.append(source)
        if problem is not None:
            problems.append(problem)
    return sources, problems


def _classify(entry: Path, year: int) -> tuple[ReturnSource | None, Problem | None]:
    name = entry.name
    if entry.is_dir():
        if is_authority_code(name):
            return ReturnSource(entry, "csv", year, name.upper()), None
        return None, Problem(
            ERROR,
            "this folder is not named as an authority code (a letter and 8 digits, "
            "e.g. E08000035), so it cannot be read as a return; rename it to the "
            "authority's code",
            file=name,
        )
    suffix = entry.suffix.lower()
    stem = name[: -len(entry.suffix)] if entry.suffix else name
    if suffix == ".xlsx" and entry.is_file():
        if is_authority_code(stem):
            return ReturnSource(entry, "xlsx", year, stem.upper()), None
        return None, Problem(
            ERROR,
            "this workbook is not named as an authority code (a letter and 8 digits, "
            "e.g. E08000035.xlsx), so it cannot be read as a return; rename it",
            file=name,
        )
    if suffix in _SPREADSHEET_LIKE:
        return None, Problem(
            ERROR,
            "a return must be a folder of CSV files named by the authority code or one "
            ".xlsx workbook named by the authority code; this file is neither and was "
            "not read (save it as <code>.xlsx, or put the CSV files in a <code> folder)",
            file=name,
        )
    return None, Problem(
        WARNING,
        "this is not a return (not a folder or .xlsx workbook named by an authority "
        "code) and was ignored",
        file=name,
    )
