"""Find the returns filed for a year, by listing the year folder (never by building names).

A return is ``<root>/<year>/<CODE>/`` (CSV form) or ``<root>/<year>/<CODE>.xlsx``
(Excel form), where CODE is a GSS-shaped authority code. Anything else in the year
folder is reported, not opened: the only paths intake opens are ones it listed.
A year folder or an entry that is a link leading outside the returns root, or that
is not a regular file or folder, is reported and never followed (``files``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scwres_helpers import codes
from scwres_helpers.intake.files import entry_kind, listing, outside_root
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
    # The returns root (resolved) nothing may be read outside of; None: the folder holding PATH.
    # (``discover_returns`` sets it, resolved.)
    root: Path | None = field(default=None, compare=False)

    @property
    def display_name(self) -> str:
        """The name as the user filed it (folder or workbook name), for messages."""
        return self.path.name

    def relative_key(self) -> str:
        """``<year>/<name>``: how a return is named in build summaries."""
        return f"{self.year}/{self.path.name}"

    def returns_root(self) -> Path:
        """The folder nothing of this return may be read outside of, resolved."""
        return self.root if self.root is not None else self.path.parent.resolve()


def is_ignored_entry(name: str) -> bool:
    """Hidden entries, Office lock files (``~$...``), READMEs and the population file are not returns."""
    return (name.startswith(".") or name.startswith("~$") or name.split(".")[0].lower() == "readme"
            or name.lower() == POPULATION_FILE)


def is_authority_code(text: str) -> bool:
    return codes.AUTHORITY_CODE_PATTERN.match(text.upper()) is not None


def years_available(root: Path | str) -> list[int]:
    """The years that have a folder (four digits) under the returns root, ascending."""
    root = Path(root).resolve()
    if not root.is_dir():
        return []
    return sorted(
        int(entry.name)
        for entry in listing(root)
        if len(entry.name) == 4 and entry.name.isdigit() and entry_kind(entry, root)[0] == "folder"
    )


def discover_returns(root: Path | str, year: int) -> tuple[list[ReturnSource], list[Problem]]:
    """The returns in ``<root>/<year>/`` (sorted by name) and problems with other entries."""
    root = Path(root).resolve()
    year_dir = root / str(year)
    refused = outside_root(year_dir, root)
    if refused is not None:
        return [], [Problem(ERROR, f"the folder for {year} was not read: {refused}")]
    if not year_dir.is_dir():
        return [], [
            Problem(ERROR, f"there is no folder for {year} under the returns root; "
                    f"put that year's returns in a folder named {year}")
        ]
    sources: list[ReturnSource] = []
    problems: list[Problem] = []
    for entry in listing(year_dir):
        if is_ignored_entry(entry.name):
            continue
        source, problem = _classify(entry, year, root)
        if source is not None:
            sources.append(source)
        if problem is not None:
            problems.append(problem)
    return sources, problems


def _classify(listed, year: int, root: Path) -> tuple[ReturnSource | None, Problem | None]:
    entry = Path(listed.path)
    name = entry.name
    suffix = entry.suffix.lower()
    stem = name[: -len(entry.suffix)] if entry.suffix else name
    kind, refused = entry_kind(listed, root)
    if kind == "other":
        looks_like_return = is_authority_code(stem) or is_authority_code(name) or suffix in _SPREADSHEET_LIKE
        return None, Problem(ERROR if looks_like_return else WARNING, f"this was not read: {refused}",
                             file=name)
    if kind == "folder":
        if is_authority_code(name):
            return ReturnSource(entry, "csv", year, name.upper(), root), None
        return None, Problem(
            ERROR,
            "this folder is not named as an authority code (a letter and 8 digits, "
            "e.g. E08000035), so it cannot be read as a return; rename it to the "
            "authority's code",
            file=name,
        )
    if suffix == ".xlsx":
        if is_authority_code(stem):
            return ReturnSource(entry, "xlsx", year, stem.upper(), root), None
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
