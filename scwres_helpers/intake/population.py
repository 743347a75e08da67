"""The local population (optional input): the ethnic composition of each authority's area.

One CSV file a year, ``<returns root>/<year>/population.csv`` (docs/data-return.md,
"The local population"): ``authority_code, ethnicity, population``, one row per
authority and census category, e.g. the 2021 Census counts of usual residents.
It is read as untrusted as a return: a link leading out of the returns root, a
special file, a file over the size or row limits, or a file that is not UTF-8 CSV
with the three columns is refused whole; a bad row quarantines only its
authority's rows, never the others'. Every problem names the file, line, column,
value and rule. Without the file nothing changes (``load_population`` gives None).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.intake.files import FileRead, RefusedFile, read_file
from scwres_helpers.intake.problems import ERROR, WARNING, Problem

POPULATION_FILE = "population.csv"
TABLE = "population"
COLUMNS = ("authority_code", "ethnicity", "population")
MAX_BYTES = 5 * 1024 * 1024  # 153 authorities x 21 categories is about 0.15 MB
MAX_ROWS = 50_000
MAX_CELL_CHARACTERS = 200
MAX_PROBLEMS = 100  # then one line counts the rest
_SHOWN_VALUE = 60  # characters of a bad value repeated in a message


@dataclass
class Population:
    """The valid rows (``authority_code``, ``ethnicity`` as a code, ``population``), by authority.

    ``quarantined``: authorities whose rows had an error and were all left out.
    """

    counts: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    quarantined: set[str] = field(default_factory=set)
    file: FileRead | None = None  # the bytes read (for the manifest's inputs); None when refused unread

    def authorities(self) -> list[str]:
        return sorted(set(self.counts["authority_code"]))


def population_path(returns_root: Path, year: int) -> Path:
    return Path(returns_root) / str(int(year)) / POPULATION_FILE


def empty_counts() -> pd.DataFrame:
    return pd.DataFrame({"authority_code": pd.Series(dtype="str"), "ethnicity": pd.Series(dtype="str"),
                         "population": pd.Series(dtype="int64")})


def load_population(returns_root: Path, year: int) -> Population | None:
    """The year's population file, read and checked; None when there is none (nothing changes)."""
    path = population_path(returns_root, year)
    if not os.path.lexists(path):
        return None
    return read_population(path, Path(returns_root))


def _refused(rule: str, name: str) -> Population:
    return Population(empty_counts(), [Problem(ERROR, rule + "; the population figures are not used",
                                               file=name, table=TABLE)])


def _read_bytes(path: Path, root: Path, name: str) -> bytes | Problem:
    """The file's bytes, read as a return's files are (intake/files.py: inside ROOT, regular, bounded)."""
    try:
        return read_file(path, Path(root).resolve(), MAX_BYTES)
    except RefusedFile as refused:
        return Problem(ERROR, f"{refused}; the population figures are not used", file=name, table=TABLE)


def _shown(value: str) -> str:
    """A value as repeated in a message: printable, and cut when long."""
    text = "".join(ch if ch.isprintable() else "?" for ch in value)
    return text if len(text) <= _SHOWN_VALUE else text[:_SHOWN_VALUE] + "…"


def read_population(path: Path, returns_root: Path) -> Population:
    """Read and check one population file (see the module's docstring for what is refused)."""
    name = f"{path.parent.name}/{path.name}"
    data = _read_bytes(path, returns_root, name)
    if isinstance(data, Problem):
        return Population(empty_counts(), [data])
    read = FileRead(name, hashlib.sha256(data).hexdigest(), len(data))
    population = _parse(data, name)
    population.file = read
    return population


def _parse(data: bytes, name: str) -> Population:
    """The checked rows of the file's bytes (NAME, the file as messages call it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refused("the file is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)'", name)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = ((reader.line_num, row) for row in reader if not (row and row[0].startswith("#")))  # notes
    try:
        header = next(rows, (0, None))[1]
        if header is None:
            return _refused("the file has no header row (authority_code, ethnicity, population)", name)
        header = [h.strip().lower() for h in header]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            return _refused(f"the header row has no column {', '.join(missing)} (it needs "
                            f"{', '.join(COLUMNS)})", name)
        problems: list[Problem] = []
        extra = [h for h in header if h not in COLUMNS]
        if extra:
            problems.append(Problem(WARNING, f"columns not read: {_shown(', '.join(extra))}", file=name, table=TABLE))
        position = {c: header.index(c) for c in COLUMNS}
        records, bad = [], set()
        seen: dict[tuple[str, str], int] = {}
        for count, (number, row) in enumerate(rows, start=1):
            if count > MAX_ROWS:
                return _refused(f"the file has more than {MAX_ROWS:,} rows (one per authority and "
                                "ethnicity is about 3,200)", name)
            if not any(cell.strip() for cell in row):
                continue
            record, row_problems = _check_row(row, number, position, len(header), name, seen)
            problems.extend(row_problems)
            code = record.get("authority_code")
            if row_problems and any(p.is_error for p in row_problems):
                bad.add(code or "")
            elif record:
                records.append(record)
    except csv.Error as error:
        return _refused(f"the file cannot be read as CSV ({error})", name)
    quarantined = {c for c in bad if c}
    kept = [r for r in records if r["authority_code"] not in quarantined]
    counts = pd.DataFrame(kept, columns=list(COLUMNS)) if kept else empty_counts()
    counts["population"] = counts["population"].astype("int64")
    counts = counts.sort_values(["authority_code", "ethnicity"], ignore_index=True)
    for code in sorted(quarantined):
        problems.append(Problem(ERROR, "this authority's population rows have errors and were all left out",
                                file=name, table=TABLE, authority=code))
    return Population(counts, _capped(problems, name), quarantined)


def _check_row(row: list[str], number: int, position: dict[str, int], width: int, name: str,
               seen: dict[tuple[str, str], int]) -> tuple[dict, list[Problem]]:
    where = {"file": name, "table": TABLE, "location": f"line {number}"}
    if len(row) != width:
        return {}, [Problem(ERROR, f"the row has {len(row)} cells, the header {width}", **where)]
    cells = {c: row[position[c]].strip() for c in COLUMNS}
    problems = []
    for column, value in cells.items():
        if len(value) > MAX_CELL_CHARACTERS:
            problems.append(Problem(ERROR, f"the cell is longer than {MAX_CELL_CHARACTERS} characters",
                                    column=column, value=_shown(value), **where))
    if problems:
        return {}, problems
    code = cells["authority_code"].upper()
    if not codes.AUTHORITY_CODE_PATTERN.match(code):
        problems.append(Problem(ERROR, "not an authority code (a letter and 8 digits, e.g. E08000035)",
                                column="authority_code", value=_shown(cells["authority_code"]), **where))
        return {}, problems
    where["authority"] = code
    ethnicity = codes.canonical_ethnicity(cells["ethnicity"])
    if ethnicity is None:
        problems.append(Problem(ERROR, "not an ethnicity category (a code, census label or NHS letter of "
                                "docs/data-return.md)", column="ethnicity", value=_shown(cells["ethnicity"]),
                                **where))
    count = cells["population"].replace(",", "")
    if not count.isdigit():
        problems.append(Problem(ERROR, "not a whole number of people, 0 or more (no decimals, words or "
                                "symbols; blank is not 0)", column="population", value=_shown(cells["population"]),
                                **where))
    if ethnicity is not None and not problems:
        first = seen.setdefault((code, ethnicity), number)
        if first != number:
            problems.append(Problem(ERROR, f"a second row for this authority and ethnicity (the first is line "
                                    f"{first})", column="ethnicity", value=_shown(cells["ethnicity"]), **where))
    if problems:
        return {"authority_code": code}, problems
    return {"authority_code": code, "ethnicity": ethnicity, "population": int(count)}, []


def _capped(problems: list[Problem], name: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [Problem(ERROR, f"and {rest:,} more problems not listed", file=name, table=TABLE)]
