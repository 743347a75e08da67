"""Load a year's returns: discover, read and validate each, quarantine the bad ones.

One bad return never stops the others: anything that goes wrong with a return,
even an unexpected exception, becomes a Problem for that return only. Files are
only read, never changed, moved or deleted.

Each return's files are read once (``read.read_files``: nothing outside the returns
root, no special files, sizes bounded), and the bytes read are the bytes hashed and
validated; ``YearReturns.files`` lists them, with their sha256, for the manifest.
With a ``cache_dir``, a return whose files (and last year's return of the same
authority) are unchanged since an earlier run is not validated again (``cache``).
Many returns not in the cache (a cold year) are validated on two cores, every other
one in a helper forked from this process (``two_cores``); a few, here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path

from scwres_helpers.intake.cache import ResultCache, content_key, result_key
from scwres_helpers.intake.discover import ReturnSource, discover_returns, years_available
from scwres_helpers.intake.files import FileRead, ReturnFiles
from scwres_helpers.intake.problems import ERROR, Problem
from scwres_helpers.intake.read import read_files, read_return
from scwres_helpers.intake.two_cores import map_on_two_cores
from scwres_helpers.safe_text import printable, shown_value
from scwres_helpers.intake.validate import ValidationResult, validate_return
from scwres_helpers.returns import AuthorityReturn


@dataclass
class YearReturns:
    """A year's intake: valid returns by code, quarantined returns by path, every problem."""

    year: int
    returns: dict[str, AuthorityReturn] = field(default_factory=dict)
    quarantined: dict[str, list[Problem]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # sha256 over every return's content key: what was read, so anything computed from
    # the year can be cached on it.
    content_key: str | None = None
    # Each valid return's content key (``cache.content_key``), by authority code: what was
    # read of it, so what is computed from one return can be kept and reused on it.
    return_keys: dict[str, str] = field(default_factory=dict)
    # Every file read for the year's returns (valid or not), sorted by path.
    files: list[FileRead] = field(default_factory=list)


def check_source(source: ReturnSource, previous: AuthorityReturn | None = None) -> ValidationResult:
    """Read and validate one return; an unexpected failure is a Problem, never a crash."""
    return _validate_source(source, read_files(source), previous)[0]


def _validate_source(source: ReturnSource, files: ReturnFiles,
                     previous: AuthorityReturn | None) -> tuple[ValidationResult, bool]:
    """The result, and whether it may be cached (not when something unexpected went wrong)."""
    try:
        return validate_return(read_return(source, files), previous), True
    except Exception as exc:  # noqa: BLE001 - one return must not stop the others
        problem = Problem(
            ERROR,
            f"the return could not be read ({type(exc).__name__}: {shown_value(str(exc))}); check that "
            "its files open normally, and tell the SC-WRES team if they do",
            file=source.display_name, authority=source.name_code)
        return ValidationResult(source, source.name_code, [problem], None), False


def load_year(root: Path | str, year: int, cache_dir: Path | str | None = None) -> YearReturns:
    """Every return of ``year``; last year's return (validated quietly) feeds the tenfold warning.

    ``cache_dir``: keep validation results there and reuse those of unchanged returns.
    """
    root = Path(root).resolve()
    return _load_year(root, year, None, _Checker(root, cache_dir))[0]


def load_years(root: Path | str, years: Iterable[int] | None = None,
               cache_dir: Path | str | None = None) -> dict[int, YearReturns]:
    """Several years (all with a folder when ``years`` is None), each validated once."""
    root = Path(root).resolve()
    checker = _Checker(root, cache_dir)
    wanted = sorted(set(years_available(root) if years is None else years))
    loaded: dict[int, YearReturns] = {}
    singles: dict[int, dict[str, ReturnSource]] = {}
    for year in wanted:
        before = None
        if year - 1 in loaded:
            before = _Previous(loaded[year - 1].returns, singles[year - 1])
        loaded[year], singles[year] = _load_year(root, year, before, checker)
    return loaded


@dataclass
class _Previous:
    """Last year's returns that feed the tenfold rule: valid ones, and every single one's source."""

    returns: dict[str, AuthorityReturn]
    sources: dict[str, ReturnSource]


@dataclass
class _Work:
    """One return to validate, with last year's return of the same authority (if single)."""

    source: ReturnSource
    previous: AuthorityReturn | None = None
    previous_source: ReturnSource | None = None


class _Checker:
    """Reads and validates returns, answering from the cache when it can.

    Each return's files are read once here; its content key and the files read are
    remembered (not the bytes), for last year's key and the manifest.
    """

    def __init__(self, root: Path, cache_dir: Path | str | None):
        self.cache = None
        if cache_dir is not None:
            cache_path = Path(cache_dir).resolve()
            if cache_path.is_relative_to(root.resolve()):
                raise ValueError(f"the intake cache ({cache_dir}) must not be inside the returns "
                                 f"root ({root}): intake never writes there")
            self.cache = ResultCache(cache_path)
        self._content_keys: dict[Path, str] = {}
        self._files_read: dict[Path, list[FileRead]] = {}

    def _read(self, source: ReturnSource) -> ReturnFiles:
        files = read_files(source)
        self._content_keys[source.path] = content_key(source, files)
        self._files_read[source.path] = files.files_read()
        return files

    def content_key(self, source: ReturnSource) -> str:
        if source.path not in self._content_keys:
            self._read(source)
        return self._content_keys[source.path]

    def files_read(self, source: ReturnSource) -> list[FileRead]:
        if source.path not in self._files_read:
            self._read(source)
        return self._files_read[source.path]

    def check_all(self, works: list[_Work]) -> list[ValidationResult]:
        """Results in the order of ``works``; those not cached are validated on two cores
        when there are many (``two_cores``)."""
        results: list[ValidationResult | None] = []
        misses: list[tuple[int, _Item]] = []
        for index, work in enumerate(works):
            files = self._read(work.source)  # afresh: the bytes keyed are the bytes validated
            key = None
            if self.cache is not None:
                previous = None if work.previous_source is None else self.content_key(work.previous_source)
                key = result_key(self._content_keys[work.source.path], previous)
                cached = self.cache.get(key, work.source)
                if cached is not None:
                    results.append(cached)
                    continue
            results.append(None)
            misses.append((index, (work.source, files, work.previous, key)))
        verdicts = map_on_two_cores(partial(_validated, self.cache), [item for _, item in misses],
                                    cost=_validation_cost)
        for (index, (_, _, _, key)), (result, cacheable) in zip(misses, verdicts, strict=True):
            if cacheable and key is not None and self.cache is not None:
                self.cache.remember(key, result)
            results[index] = result
        return results  # type: ignore[return-value]  # every None was replaced


_Item = tuple[ReturnSource, ReturnFiles, AuthorityReturn | None, str | None]


def _validated(cache: ResultCache | None, item: _Item) -> tuple[ValidationResult, bool]:
    """Validate one (SOURCE, FILES, PREVIOUS, KEY) and store the result under KEY (sealing is
    as costly as sending it back, so the process that validated it does it); and whether
    it may be cached. What ``two_cores`` maps."""
    source, files, previous, key = item
    result, cacheable = _validate_source(source, files, previous)
    if cacheable and cache is not None and key is not None:
        cache.store(key, result)
    return result, cacheable


def _validation_cost(item: _Item) -> float:
    """Reading a workbook is most of validating one: about ten times a folder of CSV files."""
    return 10.0 if item[0].form == "xlsx" else 1.0


def entry_key(year: int, name: str) -> str:
    """How a year-folder entry is named in reports: ``2024/E09000033``, made printable (a
    file name is the sender's text and may hold terminal escapes)."""
    return printable(f"{year}/{name}")


def _group_by_code(sources: list[ReturnSource]) -> dict[str, list[ReturnSource]]:
    groups: dict[str, list[ReturnSource]] = {}
    for source in sources:
        groups.setdefault(source.name_code, []).append(source)
    return groups


def _previous_returns(root: Path, year: int, wanted: set[str], checker: _Checker) -> _Previous:
    """Last year's returns of the ``wanted`` authorities, validated without reporting their problems."""
    if not wanted or not (root / str(year)).is_dir():
        return _Previous({}, {})
    sources, _ = discover_returns(root, year)
    singles = {code: group[0] for code, group in _group_by_code(sources).items()
               if code in wanted and len(group) == 1}
    codes = sorted(singles)
    results = checker.check_all([_Work(singles[code]) for code in codes])
    found = {code: result.ret for code, result in zip(codes, results, strict=True) if result.ret is not None}
    return _Previous(found, singles)


def _load_year(root: Path, year: int, before: _Previous | None,
               checker: _Checker) -> tuple[YearReturns, dict[str, ReturnSource]]:
    """The year, and its single returns by code (the next year's tenfold rule needs them).

    ``before``: last year's returns when already loaded; else validated here, quietly.
    """
    sources, discovery_problems = discover_returns(root, year)
    result = YearReturns(year)
    result.problems.extend(discovery_problems)
    quarantined: dict[str, list[Problem]] = {}
    for problem in discovery_problems:
        if problem.is_error and problem.file is not None:
            quarantined.setdefault(entry_key(year, problem.file), []).append(problem)
    groups = _group_by_code(sources)
    singles = {code: group[0] for code, group in groups.items() if len(group) == 1}
    if before is None:
        before = _previous_returns(root, year - 1, set(singles), checker)
    work_codes = sorted(singles)
    works = [_Work(singles[code], before.returns.get(code), before.sources.get(code))
             for code in work_codes]
    checked_by_code = dict(zip(work_codes, checker.check_all(works), strict=True))
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
                quarantined[entry_key(year, source.display_name)] = [problem]
                result.problems.append(problem)
            continue
        checked = checked_by_code[code]
        result.problems.extend(checked.problems)
        if checked.ret is None:
            quarantined[entry_key(year, group[0].display_name)] = checked.problems
        else:
            returns[code] = checked.ret
    result.returns = dict(sorted(returns.items()))
    result.return_keys = {code: checker.content_key(singles[code]) for code in result.returns}
    result.quarantined = dict(sorted(quarantined.items()))
    result.content_key = _year_content_key(sources, discovery_problems, checker)
    result.files = sorted((f for source in sources for f in checker.files_read(source)), key=lambda f: f.path)
    return result, singles


def year_content_keys(root: Path | str, years: Iterable[int]) -> dict[int, str | None]:
    """Each year's ``YearReturns.content_key`` without validating anything (hashing only)."""
    root = Path(root).resolve()
    checker = _Checker(root, None)
    keys = {}
    for year in sorted(set(years)):
        sources, discovery_problems = discover_returns(root, year)
        keys[year] = _year_content_key(sources, discovery_problems, checker)
    return keys


def _year_content_key(sources: list[ReturnSource], discovery_problems: list[Problem],
                      checker: _Checker) -> str | None:
    """What the year's intake saw, as one key."""
    digest = hashlib.sha256(f"{len(discovery_problems)}\n".encode())
    for problem in discovery_problems:
        digest.update(f"{problem.describe()}\n".encode("utf-8"))
    for source in sorted(sources, key=lambda s: s.relative_key()):
        key = checker.content_key(source)
        digest.update(f"{source.relative_key()}\0{key}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
