"""Judge one received file: screen its bytes, read it, validate it, add the collection's own rules.

The authority comes from the ``about`` sheet, never from the file name. On top of
``validate_return`` (whose rule for the authority name, ``about.authority_name_problem``,
is the same for validate, build and intake) the collection rules are: the workbook is
from this year's template (when it says it is from a template at all), and a file
named like an authority code names the same authority as its ``about`` sheet.
Nothing here raises: whatever goes wrong is a Problem for this file only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from scwres_helpers import codes
from scwres_helpers.collection.screen import MAX_FILE_BYTES, screen_bytes, too_large
from scwres_helpers.collection.template import template_version
from scwres_helpers.intake.discover import ReturnSource, discover_returns
from scwres_helpers.intake.load import check_source
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.intake.read import RawTable, normalise_name, read_return
from scwres_helpers.intake.validate import validate_return
from scwres_helpers.returns import AuthorityReturn

_TEMPLATE_MARK = re.compile(r"sc-wres\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T.*)?")
_TOTALS = re.compile(r"(grand\s+)?(sub)?totals?\b|sum\b|all\b", re.IGNORECASE)


@dataclass
class Assessment:
    """What one file is: its hash, its authority (when the about sheet names a valid one), its verdict."""

    file_name: str
    sha256: str
    size: int
    data: bytes | None  # None when too large to keep
    authority_code: str | None = None
    authority_name: str | None = None
    problems: list[Problem] = field(default_factory=list)
    ret: AuthorityReturn | None = None
    code_location: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def valid(self) -> bool:
        return self.ret is not None and not self.errors


def hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def last_years_return(returns_root: Path, year: int, code: str) -> AuthorityReturn | None:
    """The authority's valid return for ``year - 1`` (for the tenfold warning), found by listing."""
    sources, _ = discover_returns(returns_root, year - 1)
    mine = [s for s in sources if s.name_code == code]
    if len(mine) != 1:
        return None
    return check_source(mine[0]).ret


def assess_file(path: Path, year: int, scratch: Path, returns_root: Path | None = None) -> Assessment:
    """Read ``path`` once (bytes hashed are the bytes judged and filed) and judge it.

    ``returns_root``: where last year's returns are, for the tenfold-change warning.
    """
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            sha, size = hash_file(path)
            return Assessment(name, sha, size, None, problems=[too_large(size, name)])
        data = path.read_bytes()
    except OSError as exc:
        return Assessment(name, "", 0, None, problems=[Problem(
            ERROR, f"the file could not be read ({exc.strerror or exc}); check its permissions", file=name)])
    found = Assessment(name, hashlib.sha256(data).hexdigest(), len(data), data)
    try:
        _judge(found, year, scratch, returns_root)
    except Exception as exc:  # noqa: BLE001 - one file must never stop the others
        found.ret = None
        found.problems.append(Problem(
            ERROR, f"the file could not be checked ({type(exc).__name__}); send it again as .xlsx, "
            "and tell the SC-WRES team if this happens twice", file=name))
    return found


def _judge(found: Assessment, year: int, scratch: Path, returns_root: Path | None) -> None:
    screening = screen_bytes(found.data, found.file_name)
    found.problems.extend(screening.problems)
    if not screening.openable:
        return
    # openpyxl judges a path by its suffix; a private copy named by hash reads any upload.
    copy = scratch / f"{found.sha256}.xlsx"
    copy.write_bytes(found.data)
    raw = read_return(ReturnSource(copy, "xlsx", year, ""))
    about = _about_cells(raw.tables.get(codes.ABOUT_TABLE))
    code_text, code_location = about.get("authority_code", (None, None))
    code = code_text.upper() if code_text and codes.AUTHORITY_CODE_PATTERN.match(code_text.upper()) else None
    found.authority_code, found.code_location = code, code_location
    found.authority_name = about.get("authority_name", (None, None))[0]
    source = ReturnSource(copy, "xlsx", year, code or "")
    raw = dataclasses.replace(raw, source=source)
    previous = last_years_return(returns_root, year, code) if (returns_root is not None and code) else None
    result = validate_return(raw, previous)
    problems = [_as_received(p, copy.name, found.file_name, code) for p in result.problems]
    problems.extend(_collection_problems(found, about, year))
    if result.ret is not None:
        problems.extend(_empty_service_warnings(result.ret, found.file_name))
    found.problems.extend(problems)
    found.ret = result.ret if not any(p.is_error for p in found.problems) else None


def _about_cells(table: RawTable | None) -> dict[str, tuple[str | None, str]]:
    """about field -> (value text, cell reference of the value); first occurrence wins."""
    if table is None or "field" not in table.column_positions or "value" not in table.column_positions:
        return {}
    cells: dict[str, tuple[str | None, str]] = {}
    for row in range(table.n_rows):
        field_text = table.cell(row, "field")
        if field_text is not None:
            cells.setdefault(normalise_name(field_text), (table.cell(row, "value"), table.cell_location(row, "value")))
    return cells


def _as_received(problem: Problem, copy_name: str, file_name: str, code: str | None) -> Problem:
    """The problem as the sender knows the file, with clearer words for two common slips."""
    changes: dict = {"authority": code}
    if problem.file == copy_name:
        changes["file"] = file_name
    value = problem.value or ""
    table = problem.table
    if problem.column and table in codes.TABLE_COUNTS and problem.column in codes.TABLE_COUNTS[table] \
            and _ISO_DATE.fullmatch(value):
        changes["rule"] = (f"{problem.column} holds a date ({value}), not a number — Excel may have "
                           "formatted the cell as a date; format it as Number and type the count")
    elif problem.column and table in codes.TABLE_KEYS and problem.column in codes.TABLE_KEYS[table] \
            and _TOTALS.match(value):
        changes["rule"] = ("this looks like a totals row; delete it — send one row per combination, "
                           "we add the rows up ourselves")
    return dataclasses.replace(problem, **changes)


def _collection_problems(found: Assessment, about: dict, year: int) -> list[Problem]:
    problems = []
    file = found.file_name

    def at(field_name: str, rule: str) -> None:
        value, location = about[field_name]
        problems.append(Problem(ERROR, rule, file=file, table=codes.ABOUT_TABLE, location=location,
                                column="value", value=value, authority=found.authority_code))

    version = about.get("template_version", (None, None))[0]
    if version and _TEMPLATE_MARK.match(version) and version != template_version(year):
        at("template_version", f"this workbook was made from the template '{version}', not this "
           f"year's ('{template_version(year)}'); copy your figures into the {year} template and send that")
    stem = Path(file).stem.upper()
    if found.authority_code and codes.AUTHORITY_CODE_PATTERN.match(stem) and stem != found.authority_code:
        at("authority_code", f"the file is named {stem} but its about sheet says authority_code "
           f"{found.authority_code}; correct whichever is wrong (is this another authority's workbook?)")
    return problems


def _empty_service_warnings(ret: AuthorityReturn, file: str) -> list[Problem]:
    """A service whose pre-filled rows were all typed as 0 still counts as returned (or surveyed)."""
    problems = []
    for table, column in (("workforce", "headcount"), ("survey", "respondents")):
        frame = ret.tables.get(table)
        if frame is None or frame.empty:
            continue
        totals = frame.groupby("service", sort=True)[column].sum()
        for service, total in totals.items():
            if total == 0:
                problems.append(Problem(
                    WARNING, f"every {column} of the {service} service is 0, so it is read as "
                    f"{'a service with no staff' if table == 'workforce' else 'surveyed with nobody answering'}; "
                    f"if you do not {'provide' if table == 'workforce' else 'survey'} that service, delete its rows",
                    file=file, table=table, location=f"sheet {table}", column="service", value=str(service),
                    authority=ret.authority_code))
    return problems
