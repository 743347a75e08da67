"""What each report notebook reads: small, self-contained input bundles.

An authority's bundle holds only its own indicator rows, the national rows and
an anonymous distribution of other authorities' values (no codes, no names,
nothing disclosure control would hide). Because the notebook never sees the
other authorities' returns, their data cannot leak into its report, and the
bundle's bytes are exactly what the authority's cached report depends on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from scwres_helpers import codes, config
from scwres_helpers.action_plan import plan_csv_text, read_plan_csv
from scwres_helpers.atomic import write_bytes_atomic, write_text_if_changed
from scwres_helpers.disclosure import with_withheld_reasons
from scwres_helpers.indicators import compute_indicators, read_indicators_csv, write_indicators_csv
from scwres_helpers.indicators.counts import Counts, count_returns, replaced
from scwres_helpers.indicators.io import (
    format_indicator_body,
    format_indicators_csv,
    parse_indicators_csv,
    with_header,
)
from scwres_helpers.intake import YearReturns, load_years, year_content_keys, years_available
from scwres_helpers.intake.files import FileRead
from scwres_helpers.intake.population import Population, load_population
from scwres_helpers.sealed import seal, unseal

# The other authorities' values an authority report may place itself among: the published
# figure (rounded as the public tables round it) and nothing it was computed from, so that
# the national counts minus the peers' counts cannot give a withheld authority's counts.
PEER_COLUMNS = (
    "scope",
    "service",
    "group",
    "indicator",
    "breakdown",
    "measure",
    "value",
    "suppressed",
)
# What a suppressed national row carries into a bundle besides the counts the year's
# suppression pattern shows: nothing computed from its counts.
WITHHELD_FIGURES = ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")


def is_synthetic_code(authority_code: str) -> bool:
    """Fictional authorities (sample data) have codes starting with X."""
    return authority_code.upper().startswith("X")


@dataclass
class YearTables:
    """Every year's validated returns and indicators up to the report year."""

    year: int
    loaded: dict[int, YearReturns]
    indicators: dict[int, pd.DataFrame]
    threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
    cache_file: Path | None = None  # where ``save_derived`` keeps what was computed (``load_tables``)
    cached_names: frozenset[str] = frozenset()
    # The year's local population (optional; ``intake.population``), read afresh by every
    # build (a small file, not part of the returns' cache); None when there is none.
    population: Population | None = None

    def save_derived(self) -> None:
        """Keep the indicators and every derived value computed so far for the next build.

        Called at the end of a build, so the cache holds what the build needed (a rerun of
        one authority never computes the national plan summary; the next full build adds it).
        """
        computed = {name: self.__dict__[name] for name in DERIVED if name in self.__dict__}
        if self.cache_file is None or set(computed) <= self.cached_names:
            return
        write_bytes_atomic(self.cache_file, seal((_without_tables(self.loaded), self.indicators, computed)))
        self.cached_names = frozenset(computed)

    def files_read(self) -> list[FileRead]:
        """Every file intake read for the years loaded, and the year's population file when
        there is one (the manifest's inputs), by path."""
        files = [f for year in sorted(self.loaded) for f in self.loaded[year].files]
        if self.population is not None and self.population.file is not None:
            files.append(self.population.file)
        return sorted(files, key=lambda f: f.path)

    @property
    def current(self) -> YearReturns:
        return self.loaded[self.year]

    @cached_property
    def reported(self) -> pd.DataFrame:
        """Every year's rows as reports may show them: national rows under the
        public tables' disclosure control (``published_national``); computed once."""
        return published_national(self.all_rows(), self.threshold, store=self.decisions())

    def decisions(self) -> SealedDecisions | None:
        """The national suppression decisions kept beside the tables cache (none without one)."""
        return None if self.cache_file is None else SealedDecisions(self.cache_file.parent.parent / "disclosure")

    def reported_rows(self) -> pd.DataFrame:
        return self.reported

    @cached_property
    def national_rows(self) -> pd.DataFrame:
        """The national rows every authority's bundle shares: withheld ones carry nothing withheld."""
        rows = withheld_national(self.reported, self.threshold)
        return rows[rows["scope"] == codes.NATIONAL].reset_index(drop=True)

    @cached_property
    def authority_positions(self) -> dict[str, np.ndarray]:
        """Where each authority's rows are in ``reported`` (found once, not filtered per report)."""
        rows = self.reported
        authority = np.flatnonzero((rows["scope"] == "authority").to_numpy(dtype=bool))
        groups = rows.iloc[authority].groupby("authority_code", sort=True).indices
        return {code: authority[where] for code, where in groups.items()}

    @cached_property
    def rows_by_authority(self) -> Mapping[str, pd.DataFrame]:
        """Each authority's rows over the years, taken from ``reported`` when asked for: each
        is used once per build, and holding them all held the authorities' rows twice."""
        return _AuthorityRows(self)

    @cached_property
    def reported_csv(self) -> tuple[str, np.ndarray]:
        """The reported rows' CSV lines, formatted once for every bundle cut from them:
        one text and where each line starts (``indicators.io.format_indicator_body``),
        not a string per line (2.2 million of them at 2,000 organisations)."""
        return format_indicator_body(self.reported)

    @cached_property
    def rows_csv_by_authority(self) -> Mapping[str, str]:
        """Each authority's rows.csv text, sliced from the lines formatted once when asked for
        (each is written once; holding them all would hold the authorities' lines again)."""
        return _AuthorityCsv(self)

    @cached_property
    def peers(self) -> pd.DataFrame:
        return anonymous_peers(self.indicators[self.year])

    @cached_property
    def year_csv(self) -> str:
        """The year's full indicators table as CSV text (``data/indicators_<year>.csv``)."""
        return format_indicators_csv(self.indicators[self.year])

    @cached_property
    def national_csv(self) -> str:
        """The reported national rows as CSV text (every bundle's shared ``national.csv``)."""
        return format_indicators_csv(self.national_rows)

    @cached_property
    def shared_texts(self) -> dict[str, str]:
        """The shared bundle's files as text (``shared_texts``): formatted once, for comparing
        with the ones on disk (``corrections``) and for writing them."""
        return shared_texts(self.national_rows, self.peers, self.participation(), self.national_csv)

    @cached_property
    def plan_summary(self) -> pd.DataFrame:
        """Last year's action plans counted, and judged on this year's figures (national report)."""
        from scwres_helpers.actions import national_plan_summary

        last_year = self.loaded.get(self.year - 1)
        plans = {code: ret.action_plan for code, ret in last_year.returns.items()} if last_year else {}
        return national_plan_summary(plans, self.indicators[self.year], self.year)

    @cached_property
    def area_shares(self) -> pd.DataFrame | None:
        """Each authority's area: residents by compared group and the area's share
        (``indicators.population.area_shares``); None without a population file."""
        if self.population is None:
            return None
        from scwres_helpers.indicators.population import area_shares

        return area_shares(self.population.counts)

    @cached_property
    def places(self) -> pd.DataFrame:
        """Every authority of the years loaded with its type and region (``places``)."""
        from scwres_helpers.places import authorities_table

        return authorities_table(sorted({c for y in self.loaded.values() for c in y.returns}))

    def area_of(self, authority_code: str) -> pd.DataFrame | None:
        """One authority's own area rows (None without a population file or without its area)."""
        if self.area_shares is None:
            return None
        own = self.area_shares[self.area_shares["authority_code"] == authority_code]
        return own.reset_index(drop=True) if len(own) else None

    def all_rows(self) -> pd.DataFrame:
        """Indicator rows of every year, in the contract's sort order within a year."""
        frames = [self.indicators[y] for y in sorted(self.indicators)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def participation(self) -> pd.DataFrame:
        """How many returns each year's national figures pool, and how many were left out."""
        return pd.DataFrame(
            [
                {
                    "year": y,
                    "authorities_pooled": len(self.loaded[y].returns),
                    "returns_quarantined": len(self.loaded[y].quarantined),
                }
                for y in sorted(self.loaded)
            ]
        )


# What a build derives from the year's returns, cached together (see ``load_tables``).
class _AuthorityRows(Mapping):
    """Authority code -> its rows of ``YearTables.reported``, taken on each lookup."""

    def __init__(self, tables: YearTables):
        self._tables = tables

    def __getitem__(self, code: str) -> pd.DataFrame:
        return self._tables.reported.take(self._tables.authority_positions[code]).reset_index(drop=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables.authority_positions)

    def __len__(self) -> int:
        return len(self._tables.authority_positions)


class _AuthorityCsv(_AuthorityRows):
    """Authority code -> its rows.csv text, cut from ``YearTables.reported_csv`` on each lookup."""

    def __getitem__(self, code: str) -> str:
        if "reported_csv" not in self._tables.__dict__:  # not formatted whole: an --authority run
            return format_indicators_csv(self._tables.rows_by_authority[code])
        text, starts = self._tables.reported_csv
        return with_header("".join([text[starts[i]:starts[i + 1]]
                                    for i in self._tables.authority_positions[code].tolist()]))


DERIVED = ("reported", "national_rows", "authority_positions", "reported_csv",
           "peers", "plan_summary", "year_csv", "national_csv")
TABLES_CACHE_FORMAT = 4  # 4: YearReturns.return_keys
TABLES_CACHE_SUFFIX = ".sealed"  # sealed (``sealed``): a planted entry is ignored, never unpickled


def load_tables(returns_root: Path, year: int, threshold: int, cache_dir: Path | None = None,
                on_miss=None) -> YearTables:
    """Validate and compute every year up to YEAR (earlier years feed the trends).

    CACHE_DIR keeps validation results so unchanged returns are not checked again,
    and (in its sibling ``tables``) the indicators and everything derived from them,
    keyed on what intake read, the threshold and the package code: a rebuild with
    no changed return skips the arithmetic and the formatting (seconds at 153).
    The entry is sealed with the user's key (``sealed``); one that does not verify is
    recomputed, never loaded.
    ON_MISS is called before that work when it cannot be skipped (the build boots
    its kernels then, since something will have to be executed).
    """
    wanted = [y for y in years_available(returns_root) if y <= year]
    if year not in wanted:
        raise FileNotFoundError(f"no returns for {year} under {returns_root}")
    content_keys = year_content_keys(returns_root, wanted) if cache_dir is not None else {}
    cache_file = _tables_cache_file(content_keys, year, threshold, cache_dir)
    cached = _read_tables_cache(cache_file)
    if cached is not None:
        loaded, indicators, derived = cached
        tables = YearTables(year=year, loaded=loaded, indicators=indicators, threshold=threshold)
        tables.__dict__.update(derived)  # the cached_property values, as computed before
        tables.cache_file, tables.cached_names = cache_file, frozenset(derived)
        tables.population = load_population(returns_root, year)
        return tables
    if on_miss is not None:
        on_miss()
    loaded = load_years(returns_root, wanted, cache_dir=cache_dir)
    if year not in loaded:
        raise FileNotFoundError(f"no returns for {year} under {returns_root}")
    tables = YearTables(
        year=year, loaded=loaded, threshold=threshold,
        indicators={y: _year_indicators(yr, y, threshold, cache_dir) for y, yr in loaded.items()},
    )
    if all(content_keys.get(y) == yr.content_key for y, yr in loaded.items()):
        tables.cache_file = cache_file  # nothing changed while it was read
    tables.population = load_population(returns_root, year)
    return tables


INDICATORS_CACHE_FORMAT = 1


def _year_indicators(returns: YearReturns, year: int, threshold: int, cache_dir: Path | None) -> pd.DataFrame:
    """One year's indicators, kept (sealed) per year in the cache's sibling ``indicators``,
    keyed on what intake read that year, the threshold and the package code: after a
    correction only the corrected year is computed again, not the years of the trends."""
    path = _indicators_cache_file(returns.content_key, year, threshold, cache_dir)
    if path is not None:
        try:
            stored = unseal(path.read_bytes())
        except OSError:
            stored = None
        if isinstance(stored, pd.DataFrame):
            return stored
    table = compute_indicators(list(returns.returns.values()), year, threshold=threshold,
                               counts=_year_counts(returns, year, cache_dir))
    if path is not None:
        _keep_alone(path)  # one entry per year and threshold: the latest input
        write_bytes_atomic(path, seal(table))
    return table


COUNTS_CACHE_FORMAT = 1


def _year_counts(returns: YearReturns, year: int, cache_dir: Path | None) -> Counts:
    """``count_returns`` of the year's returns, counting again only those whose content
    changed since the last build (after a correction, one of 153: 0.17 s less of its rerun).

    Kept (sealed) per year in the cache's sibling ``counts``, with each return's content
    key (``YearReturns.return_keys``), under the package code's fingerprint."""
    keyed = cache_dir is not None and set(returns.return_keys) == set(returns.returns)
    path = _cache_entry(cache_dir, "counts", str(year), f"counts {COUNTS_CACHE_FORMAT} {year}\n") if keyed else None
    stored = None
    if path is not None:
        try:
            stored = unseal(path.read_bytes())
        except OSError:
            pass
    if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], dict) \
            and isinstance(stored[1], Counts):
        counted_keys, counted = stored
        unchanged = {code for code, key in returns.return_keys.items() if counted_keys.get(code) == key}
        again = [r for code, r in returns.returns.items() if code not in unchanged]
        counts = replaced(counted, set(counted_keys) - unchanged, count_returns(again))
    else:
        counts = count_returns(list(returns.returns.values()))
    if path is not None:
        _keep_alone(path)  # one entry per year: the latest code
        write_bytes_atomic(path, seal((dict(returns.return_keys), counts)))
    return counts


def _cache_entry(cache_dir: Path, kind: str, prefix: str, key: str) -> Path:
    """Where a sealed entry of KIND is kept: in the cache's sibling folder KIND, named PREFIX
    and a sha256 of KEY and the package code (changed code never finds an entry)."""
    from scwres_helpers.cache import code_fingerprint

    digest = hashlib.sha256(key.encode())
    digest.update(code_fingerprint(config.PACKAGE_DIR, exclude=()).encode())
    return Path(cache_dir).parent / kind / f"{prefix}-{digest.hexdigest()}{TABLES_CACHE_SUFFIX}"


def _keep_alone(entry: Path) -> None:
    """Remove the other entries with ENTRY's prefix (the part of its name before the digest)."""
    prefix = entry.name.rsplit("-", 1)[0]
    for stale in entry.parent.glob(f"{prefix}-*") if entry.parent.is_dir() else []:
        if stale != entry and stale.is_file():
            stale.unlink(missing_ok=True)


def _indicators_cache_file(content_key: str | None, year: int, threshold: int,
                           cache_dir: Path | None) -> Path | None:
    if cache_dir is None or content_key is None:
        return None
    return _cache_entry(cache_dir, "indicators", f"{year}-{threshold}",
                        f"indicators {INDICATORS_CACHE_FORMAT} {year} {threshold} {content_key}\n")


def _read_tables_cache(cache_file: Path | None) -> tuple | None:
    """(loaded, indicators, derived) from a cache entry whose seal verifies, else None."""
    if cache_file is None:
        return None
    try:
        stored = unseal(cache_file.read_bytes())
    except OSError:
        return None
    if not isinstance(stored, tuple) or len(stored) != 3 or not all(isinstance(x, dict) for x in stored):
        return None
    return stored


def _without_tables(loaded: dict[int, YearReturns]) -> dict[int, YearReturns]:
    """The intake results a cached build still reads (who, names, problems, plans), minus the
    data tables: those only feed the indicators, which are cached beside them, and
    unpickling 400 returns' tables was most of a rebuild with nothing changed."""
    return {
        y: dataclasses.replace(yr, returns={c: dataclasses.replace(r, tables={}) for c, r in yr.returns.items()})
        for y, yr in loaded.items()
    }


def _tables_cache_file(content_keys: dict[int, str | None], year: int, threshold: int,
                       cache_dir: Path | None) -> Path | None:
    """Where this exact input's tables are cached; None without a cache or a hashable input."""
    if cache_dir is None or not content_keys or any(key is None for key in content_keys.values()):
        return None
    key = f"tables {TABLES_CACHE_FORMAT} {year} {threshold}\n" + "".join(
        f"{y} {content_keys[y]}\n" for y in sorted(content_keys))
    entry = _cache_entry(cache_dir, "tables", str(year), key)
    _keep_alone(entry)  # one entry per year: the latest input
    return entry


@dataclass
class AuthorityInputs:
    """Everything one authority's report shows, and nothing about anyone else."""

    authority_code: str
    authority_name: str
    year: int
    rows: pd.DataFrame
    national: pd.DataFrame
    peers: pd.DataFrame
    participation: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    rows_csv: str | None = field(default=None, repr=False, compare=False)  # rows, already formatted
    plan: pd.DataFrame | None = None  # the action plan sent with this year's return
    plan_last_year: pd.DataFrame | None = None  # the one sent with last year's, judged this year
    # For a report revised after its year was released: {"published", "revised", "reason",
    # "national_as_of"} (ISO dates and the reason: ``corrections``); None as first published.
    revision: dict | None = None
    threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD  # of disclosure control, for the reasons below
    # This authority's own area from the year's population file (``YearTables.area_of``):
    # residents by compared group and the area's share; None without one.
    area: pd.DataFrame | None = None
    # The sha256 of the shared peers file this was read from (None when built in memory): the
    # same for every report of the year, so what depends on the peers alone is worked out
    # once per kernel, not once per report (``report.authority_sections``).
    peers_key: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Each withheld national row says why (too few people, or to protect a small number
        # elsewhere): the reports' words and notes depend on it (``disclosure.reasons``).
        self.national = with_withheld_reasons(self.national, self.threshold)

    @property
    def synthetic(self) -> bool:
        return is_synthetic_code(self.authority_code)

    # A report asks for the year's rows over a hundred times (0.5 ms each to filter),
    # so they are filtered once. Shared frames: callers select from them, never modify.
    @cached_property
    def rows_this_year(self) -> pd.DataFrame:
        """This authority's rows for the report year."""
        return self.rows[self.rows["year"] == self.year]

    @cached_property
    def national_this_year(self) -> pd.DataFrame:
        """The national pooled rows for the report year."""
        return self.national[self.national["year"] == self.year]

    def write_shared(self, folder: Path) -> list[Path]:
        """The parts every authority's bundle has in common (national rows, peers, participation)."""
        return write_shared_inputs(self.national, self.peers, self.participation, folder)

    def write(self, folder: Path, shared: Path | None = None) -> list[Path]:
        """Write the bundle (deterministic bytes); returns every file it consists of.

        With SHARED (a folder written once by ``write_shared``), only this
        authority's own files go in FOLDER and ``about.json`` points at SHARED;
        153 copies of the national rows and the peers list would cost more
        than the reports themselves.
        """
        folder.mkdir(parents=True, exist_ok=True)
        shared_files = self.write_shared(folder) if shared is None else _shared_files(shared)
        if self.rows_csv is not None:
            write_text_if_changed(folder / "rows.csv", self.rows_csv)
        else:
            write_indicators_csv(self.rows, folder / "rows.csv")
        about = {
            "authority_code": self.authority_code,
            "authority_name": self.authority_name,
            "year": self.year,
            "warnings": self.warnings,
            "shared": "." if shared is None else os.path.relpath(shared, folder),
            "threshold": self.threshold,
        }
        if self.revision:  # absent otherwise, so a report as published keeps its bundle's bytes
            about["revision"] = dict(self.revision)
        write_text_if_changed(folder / "about.json", json.dumps(about, indent=1, sort_keys=True) + "\n")
        plans = []
        for name, plan in ((PLAN_FILE, self.plan), (PLAN_LAST_YEAR_FILE, self.plan_last_year)):
            if plan is None:
                (folder / name).unlink(missing_ok=True)  # a plan withdrawn since the last build
            else:
                write_text_if_changed(folder / name, plan_csv_text(plan))
                plans.append(folder / name)
        if self.area is None:
            (folder / AREA_FILE).unlink(missing_ok=True)  # absent: the bundle is as it was without one
        else:
            write_text_if_changed(folder / AREA_FILE, self.area.to_csv(index=False, lineterminator="\n"))
            plans.append(folder / AREA_FILE)
        return [folder / "about.json", folder / "rows.csv", *plans, *shared_files]

    @classmethod
    def read(cls, folder: Path) -> "AuthorityInputs":
        about = json.loads((folder / "about.json").read_text(encoding="utf-8"))
        shared = folder / about.get("shared", ".")
        peers, peers_key = _shared_read(shared / "peers.csv", lambda data: _read_peers(io.BytesIO(data)))
        return cls(
            authority_code=about["authority_code"],
            authority_name=about["authority_name"],
            year=int(about["year"]),
            rows=read_indicators_csv(folder / "rows.csv"),
            national=_shared_frame(shared / "national.csv", _parse_indicators),
            peers=peers,
            peers_key=peers_key,
            participation=_shared_frame(shared / "participation.csv", lambda data: pd.read_csv(io.BytesIO(data))),
            warnings=list(about["warnings"]),
            plan=_read_plan(folder / PLAN_FILE),
            plan_last_year=_read_plan(folder / PLAN_LAST_YEAR_FILE),
            threshold=int(about.get("threshold", codes.DEFAULT_SUPPRESSION_THRESHOLD)),
            revision=about.get("revision"),
            area=_read_area(folder / AREA_FILE),
        )


_SHARED_PARSED: dict[tuple[str, str], pd.DataFrame] = {}
_SHARED_KEPT = 8  # the three shared files of a year and the national rows, twice over


def _copy_on_write() -> bool:
    """Whether pandas copies a frame's data only when it is written to (always from
    pandas 3; an option in 2.x)."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    return pd.get_option("mode.copy_on_write") is True


def _parse_indicators(data: bytes) -> pd.DataFrame:
    return parse_indicators_csv(data)  # from the bytes: decoding them whole would hold the text twice


def _shared_frame(path: Path, parse) -> pd.DataFrame:
    """PATH parsed by PARSE, remembered by content (``_shared_read``)."""
    return _shared_read(path, parse)[0]


def _shared_read(path: Path, parse) -> tuple[pd.DataFrame, str]:
    """PATH parsed by PARSE, remembered by content for the next bundle read in this process,
    and the sha256 of that content.

    Every authority's bundle points at the same shared national rows and peers (38,000
    rows at 153 authorities), and every national chapter reads the same indicators
    table (170,000 rows, 2 s to parse); a warm kernel runs many notebooks, so it parses
    each once per content, not once per notebook. Keyed by the bytes' sha256, so a
    changed file is read afresh; a file read before and unchanged since
    (``_SHARED_DIGESTS``) is neither read nor hashed again. Each caller gets its own
    copy: under copy-on-write a shallow one, which costs no memory until written to (a
    deep copy of the national table doubled a kernel's memory at 2,000 organisations).
    """
    with open(path, "rb") as file:
        identity = _settled_identity(Path(path).name, os.fstat(file.fileno()))
        key = _SHARED_DIGESTS.get(identity) if identity else None
        data = None
        if key is None or key not in _SHARED_PARSED:
            data = file.read()
            key = (Path(path).name, hashlib.sha256(data).hexdigest())
            if identity:
                if len(_SHARED_DIGESTS) >= _SHARED_KEPT:
                    _SHARED_DIGESTS.clear()
                _SHARED_DIGESTS[identity] = key
    if key not in _SHARED_PARSED:
        if len(_SHARED_PARSED) >= _SHARED_KEPT:
            _SHARED_PARSED.clear()
        _SHARED_PARSED[key] = parse(data)
    return _SHARED_PARSED[key].copy(deep=not _copy_on_write()), key[1]


# The digest of a shared file this process has read, by the file's identity: the same
# file (device and inode), size, and times of last change (mtime, and ctime, which no user
# can set back). The build replaces a changed file (a new inode), so an unchanged identity
# is unchanged bytes. At 2,000 organisations the peers file is 26 MB, and reading and
# hashing it took 26 ms of every authority report (1.7 ms at 153).
_SHARED_DIGESTS: dict[tuple, tuple[str, str]] = {}
# A file changed this recently is read every time, as git treats a "racily clean" file: file
# times move in clock ticks of a few milliseconds, so a second write of the same size
# within one tick would leave the same identity.
_SETTLED_NS = 2_000_000_000
_clock_ns = time.time_ns


def _settled_identity(name: str, status: os.stat_result) -> tuple | None:
    """The identity of the file NAME (``_SHARED_DIGESTS``), or None while it is too new to trust."""
    if _clock_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < _SETTLED_NS:
        return None
    return (name, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


AREA_FILE = "area.csv"  # an authority's own area (local population); national: every area
PLACES_FILE = "places.csv"


def _read_area(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    return pd.read_csv(path, dtype={"authority_code": str, "group": str})


PLAN_FILE = "action_plan.csv"
PLAN_LAST_YEAR_FILE = "action_plan_last_year.csv"


def _read_plan(path: Path) -> pd.DataFrame | None:
    return read_plan_csv(path) if path.exists() else None


SHARED_FILES = ("national.csv", "participation.csv", "peers.csv")


def _shared_files(folder: Path) -> list[Path]:
    return [Path(folder) / name for name in SHARED_FILES]


def write_shared_inputs(national: pd.DataFrame, peers: pd.DataFrame, participation: pd.DataFrame,
                        folder: Path, national_csv: str | None = None) -> list[Path]:
    """Write what every authority bundle of a year shares; returns the files.

    NATIONAL_CSV is NATIONAL already formatted (``YearTables.national_csv``).
    """
    return write_shared_texts(shared_texts(national, peers, participation, national_csv), folder)


def write_shared_texts(texts: Mapping[str, str], folder: Path) -> list[Path]:
    """Write the shared bundle's TEXTS (``shared_texts``) in FOLDER; returns its files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        write_text_if_changed(folder / name, text)
    return _shared_files(folder)


def shared_texts(national: pd.DataFrame, peers: pd.DataFrame, participation: pd.DataFrame,
                 national_csv: str | None = None) -> dict[str, str]:
    """The shared bundle's files as text, by name (to write, or to compare with what is on disk)."""
    return {
        "national.csv": national_csv or format_indicators_csv(national),
        "participation.csv": participation.to_csv(index=False, lineterminator="\n"),
        "peers.csv": peers.to_csv(index=False, lineterminator="\n"),
    }


def _read_peers(path) -> pd.DataFrame:
    peers = pd.read_csv(
        path,
        dtype={"scope": str, "service": str, "group": str, "indicator": str, "breakdown": str, "measure": str},
        keep_default_na=False,
        na_values={"value": [""]},
    )
    peers["suppressed"] = peers["suppressed"].astype(str).str.lower() == "true"
    return peers


DECISIONS_SUFFIX = ".sealed"


@dataclass(frozen=True)
class SealedDecisions:
    """``national_tables.DecisionStore`` in FOLDER: each year's decision sealed (``sealed``), keyed
    by the rows it was decided from and the package code, one entry per year and threshold."""

    folder: Path

    @cached_property
    def _code(self) -> str:
        from scwres_helpers.cache import code_fingerprint

        return code_fingerprint(config.PACKAGE_DIR, exclude=())

    def _file(self, memo: tuple[str, int, int]) -> Path:
        digest, year, threshold = memo
        key = hashlib.sha256(f"disclosure {digest}\n".encode())
        key.update(self._code.encode())
        return self.folder / f"{int(year)}-{int(threshold)}-{key.hexdigest()}{DECISIONS_SUFFIX}"

    def get(self, memo: tuple[str, int, int]):
        from scwres_helpers.disclosure.national_tables import NationalDisclosure

        try:
            stored = unseal(self._file(memo).read_bytes())
        except OSError:
            return None
        return stored if isinstance(stored, NationalDisclosure) else None

    def put(self, memo: tuple[str, int, int], decided) -> None:
        path = self._file(memo)
        if self.folder.is_dir():
            for stale in self.folder.glob(f"{int(memo[1])}-{int(memo[2])}-*{DECISIONS_SUFFIX}"):
                if stale != path:
                    stale.unlink(missing_ok=True)  # the year's latest rows only
        write_bytes_atomic(path, seal(decided))


def published_national(rows: pd.DataFrame, threshold: int, store: SealedDecisions | None = None) -> pd.DataFrame:
    """ROWS with national rows marked suppressed wherever the public data tables hide them.

    A national row whose counts are all 5 or more can still give away a small count
    by subtraction (minoritised minus the other groups, all services minus adult,
    bands against totals), so the published tables hide a few more rows than the
    per-row flag does; and indicator 1 is published for all services only. Reports
    show national figures exactly as the tables do, so nothing hidden in one is
    shown in another. (The rows keep their counts: the national chapters' bundle
    needs them, as the data tables do; ``withheld_national`` is what goes further.)
    STORE, when given, keeps each year's decision for the next build.
    """
    marked = rows.reset_index(drop=True).copy()
    marked.loc[sorted(_withheld_national_rows(marked, threshold, store)), "suppressed"] = True
    return marked


def _withheld_national_rows(rows: pd.DataFrame, threshold: int,
                            store: SealedDecisions | None = None) -> dict[int, list[str]]:
    """Each withheld national row (by label) -> the count columns the year's pattern shows."""
    from scwres_helpers.disclosure.national_tables import COUNT_COLUMNS, national_disclosure, published_rows

    national = rows[rows["scope"] == codes.NATIONAL]
    unpublished = national.index[(national["indicator"] == "1") & (national["service"] != codes.ALL_SERVICES)]
    shown: dict[int, list[str]] = {label: [] for label in unpublished}
    for year in sorted(national["year"].unique()):
        chosen = published_rows(national, int(year))
        if chosen.empty:
            continue
        disclosure = national_disclosure(national, int(year), threshold, store)
        withheld_rows = set(disclosure.hidden_rows) | set(chosen.index[chosen["suppressed"].astype(bool)])
        for label in sorted(withheld_rows):
            row = chosen.loc[label]
            shown[label] = [c for c in COUNT_COLUMNS if disclosure.count_reason(label, row, c) is None]
    return shown


def withheld_national(rows: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """ROWS with every withheld national row carrying only what the public tables show of it.

    What goes into the bundles of authority reports (their shared ``national.csv``): a
    withheld row is marked suppressed, keeps no figure computed from its counts (rates,
    value, interval, assessment, flag) and only the counts that the year's one
    suppression pattern publishes (``national_disclosure``), so nothing withheld from the
    public reaches a report, or the filesystem the bundles are shared on.
    """
    from scwres_helpers.disclosure.national_tables import COUNT_COLUMNS

    marked = rows.reset_index(drop=True).copy()
    shown = _withheld_national_rows(marked, threshold)
    labels = sorted(shown)
    marked.loc[labels, "suppressed"] = True
    marked.loc[labels, list(WITHHELD_FIGURES)] = float("nan")
    marked.loc[labels, ["assessment", "flag"]] = ""
    for column in COUNT_COLUMNS:
        blank = [label for label in labels if column not in shown[label]]
        marked.loc[blank, column] = pd.NA
    return marked


def anonymous_peers(year_rows: pd.DataFrame) -> pd.DataFrame:
    """Authority values for one year without codes or counts, suppressed rows left out,
    each rounded as the public tables round it (an authority finds its own value among
    them as the same number, never as a near neighbour).

    Sorted by the measure's identity then value, so row order says nothing
    about which authority a value came from.
    """
    from scwres_helpers.disclosure.indicator_rows import published_values

    authority = year_rows[(year_rows["scope"] == "authority") & ~year_rows["suppressed"]]
    authority = authority[authority["value"].notna()]
    peers = authority.loc[:, list(PEER_COLUMNS)].copy()
    peers["value"] = published_values(peers["value"], peers["measure"])
    keys = ["service", "group", "indicator", "breakdown", "measure", "value"]
    return peers.sort_values(keys, kind="mergesort").reset_index(drop=True)


def authority_inputs(tables: YearTables, authority_code: str) -> AuthorityInputs:
    """Cut one authority's bundle out of the year's tables."""
    current = tables.current
    if authority_code not in current.returns:
        raise KeyError(f"{authority_code} has no valid return for {tables.year}")
    ret = current.returns[authority_code]
    warnings = [p.describe() for p in current.problems if p.authority == authority_code]
    last_year = tables.loaded.get(tables.year - 1)
    earlier = last_year.returns.get(authority_code) if last_year is not None else None
    return AuthorityInputs(
        authority_code=authority_code,
        authority_name=ret.about.authority_name,
        year=tables.year,
        rows=tables.rows_by_authority[authority_code],
        national=tables.national_rows,
        peers=tables.peers,
        participation=tables.participation(),
        warnings=warnings,
        rows_csv=tables.rows_csv_by_authority[authority_code],
        plan=ret.action_plan,
        plan_last_year=earlier.action_plan if earlier is not None else None,
        threshold=tables.threshold,
        area=tables.area_of(authority_code),
    )


def authority_inputs_from_returns(
    returns_root: Path, year: int, authority_code: str, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
) -> AuthorityInputs:
    """The bundle computed on the spot: what a notebook run by hand uses."""
    return authority_inputs(load_tables(Path(returns_root), year, threshold), authority_code)


@dataclass
class NationalInputs:
    """What the national chapters read: every year's table and participation.

    Authority-level rows are included because the chapters draw their spread
    (distribution, funnel); the chapters show them only through the anonymous
    selectors in ``scwres_helpers.indicators.select`` (no codes, nothing suppressed).
    """

    year: int
    indicators: pd.DataFrame
    participation: pd.DataFrame
    warnings_by_rule: pd.DataFrame
    indicators_csv: str | None = field(default=None, repr=False, compare=False)  # already formatted
    # Counts of last year's action plans and this year's results against them (text cells,
    # [c] applied): ``actions.national_plan_summary``; never which authority.
    plan_summary: pd.DataFrame | None = None
    threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD  # of disclosure control, for the reasons below
    places: pd.DataFrame | None = None  # each authority's type and region (``places``), to pool by place
    area_shares: pd.DataFrame | None = None  # every area's share (local population); None without one

    def __post_init__(self) -> None:
        # Each withheld row says why (too few people, or to protect a small number
        # elsewhere): the chapters' words and notes depend on it (``disclosure.reasons``).
        self.indicators = with_withheld_reasons(self.indicators, self.threshold)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        if self.indicators_csv is not None:
            write_text_if_changed(folder / "indicators.csv", self.indicators_csv)
        else:
            write_indicators_csv(self.indicators, folder / "indicators.csv")
        plan_summary = self.plan_summary if self.plan_summary is not None else pd.DataFrame()
        for name, frame in (("participation", self.participation), ("warnings", self.warnings_by_rule),
                            ("action_plans", plan_summary)):
            write_text_if_changed(folder / f"{name}.csv", frame.to_csv(index=False, lineterminator="\n"))
        about = {"year": self.year, "threshold": self.threshold}
        write_text_if_changed(folder / "about.json", json.dumps(about, sort_keys=True) + "\n")
        names = ["about.json", "indicators.csv", "participation.csv", "warnings.csv", "action_plans.csv"]
        for name, frame in ((PLACES_FILE, self.places), (AREA_FILE, self.area_shares)):
            if frame is None:
                (folder / name).unlink(missing_ok=True)
            else:
                write_text_if_changed(folder / name, frame.to_csv(index=False, lineterminator="\n"))
                names.append(name)
        return [folder / n for n in names]

    @classmethod
    def read(cls, folder: Path) -> "NationalInputs":
        about = json.loads((folder / "about.json").read_text(encoding="utf-8"))
        return cls(
            year=int(about["year"]),
            indicators=_shared_frame(folder / "indicators.csv", _parse_indicators),
            participation=pd.read_csv(folder / "participation.csv"),
            warnings_by_rule=pd.read_csv(folder / "warnings.csv", keep_default_na=False),
            plan_summary=_read_plan_summary(folder / "action_plans.csv"),
            threshold=int(about.get("threshold", codes.DEFAULT_SUPPRESSION_THRESHOLD)),
            places=_read_places(folder / PLACES_FILE),
            area_shares=_read_area(folder / AREA_FILE),
        )


def _read_places(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _read_plan_summary(path: Path) -> pd.DataFrame | None:
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _warning_kind(rule: str) -> str:
    """A warning's kind without its authority-specific numbers ('more than 10%' ...)."""
    if "more than 10%" in rule:
        return "more than 10% of staff with unknown ethnicity"
    if "tenfold" in rule or "ten times" in rule or "10 times" in rule:
        return "a total changed more than tenfold since last year"
    if "12 months" in rule or "months" in rule:
        return "the period is not about 12 months"
    return "other"


def national_inputs(tables: YearTables) -> NationalInputs:
    """The national chapters' bundle: counts of warnings only, never who had them."""
    records = []
    for y in sorted(tables.loaded):
        kinds: dict[str, int] = {}
        for problem in tables.loaded[y].problems:
            if problem.severity == "warning" and problem.authority in tables.loaded[y].returns:
                kind = _warning_kind(problem.rule)
                kinds[kind] = kinds.get(kind, 0) + 1
        records += [{"year": y, "warning": k, "returns": n} for k, n in sorted(kinds.items())]
    return NationalInputs(
        year=tables.year,
        indicators=tables.reported_rows(),
        participation=tables.participation(),
        warnings_by_rule=pd.DataFrame(records, columns=["year", "warning", "returns"]),
        indicators_csv=with_header(tables.reported_csv[0]),
        plan_summary=tables.plan_summary,
        threshold=tables.threshold,
        places=tables.places,
        area_shares=tables.area_shares,
    )


def national_inputs_from_returns(
    returns_root: Path, year: int, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
) -> NationalInputs:
    """The national bundle computed on the spot: what a chapter run by hand uses."""
    return national_inputs(load_tables(Path(returns_root), year, threshold))
