"""What each report notebook reads: small, self-contained input bundles.

An authority's bundle holds only its own indicator rows, the national rows and
an anonymous distribution of other authorities' values (no codes, no names,
nothing disclosure control would hide). Because the notebook never sees the
other authorities' returns, their data cannot leak into its report, and the
bundle's bytes are exactly what the authority's cached report depends on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.indicators import compute_indicators, read_indicators_csv, write_indicators_csv
from scwres_helpers.intake import YearReturns, load_years, years_available

PEER_COLUMNS = (
    "scope",
    "service",
    "group",
    "indicator",
    "breakdown",
    "measure",
    "value",
    "numerator_group",
    "denominator_group",
    "denominator_white",
    "suppressed",
)


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

    @property
    def current(self) -> YearReturns:
        return self.loaded[self.year]

    @cached_property
    def reported(self) -> pd.DataFrame:
        """Every year's rows as reports may show them: national rows under the
        public tables' disclosure control (``published_national``); computed once."""
        return published_national(self.all_rows(), self.threshold)

    def reported_rows(self) -> pd.DataFrame:
        return self.reported

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


def load_tables(returns_root: Path, year: int, threshold: int, cache_dir: Path | None = None) -> YearTables:
    """Validate and compute every year up to YEAR (earlier years feed the trends).

    CACHE_DIR keeps validation results so unchanged returns are not checked again.
    """
    wanted = [y for y in years_available(returns_root) if y <= year]
    loaded = load_years(returns_root, wanted, cache_dir=cache_dir)
    if year not in loaded:
        raise FileNotFoundError(f"no returns for {year} under {returns_root}")
    tables = {
        y: compute_indicators(list(yr.returns.values()), y, threshold=threshold)
        for y, yr in loaded.items()
    }
    return YearTables(year=year, loaded=loaded, indicators=tables, threshold=threshold)


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

    @property
    def synthetic(self) -> bool:
        return is_synthetic_code(self.authority_code)

    def write(self, folder: Path) -> list[Path]:
        """Write the bundle (deterministic bytes); returns the files written."""
        folder.mkdir(parents=True, exist_ok=True)
        write_indicators_csv(self.rows, folder / "rows.csv")
        write_indicators_csv(self.national, folder / "national.csv")
        write_text_atomic(folder / "peers.csv", self.peers.to_csv(index=False, lineterminator="\n"))
        write_text_atomic(
            folder / "participation.csv", self.participation.to_csv(index=False, lineterminator="\n")
        )
        about = {
            "authority_code": self.authority_code,
            "authority_name": self.authority_name,
            "year": self.year,
            "warnings": self.warnings,
        }
        write_text_atomic(folder / "about.json", json.dumps(about, indent=1, sort_keys=True) + "\n")
        return [folder / n for n in ("about.json", "national.csv", "participation.csv", "peers.csv", "rows.csv")]

    @classmethod
    def read(cls, folder: Path) -> "AuthorityInputs":
        about = json.loads((folder / "about.json").read_text(encoding="utf-8"))
        return cls(
            authority_code=about["authority_code"],
            authority_name=about["authority_name"],
            year=int(about["year"]),
            rows=read_indicators_csv(folder / "rows.csv"),
            national=read_indicators_csv(folder / "national.csv"),
            peers=_read_peers(folder / "peers.csv"),
            participation=pd.read_csv(folder / "participation.csv"),
            warnings=list(about["warnings"]),
        )


def _read_peers(path: Path) -> pd.DataFrame:
    peers = pd.read_csv(
        path,
        dtype={"scope": str, "service": str, "group": str, "indicator": str, "breakdown": str, "measure": str},
        keep_default_na=False,
        na_values={"value": [""], "numerator_group": [""], "denominator_group": [""], "denominator_white": [""]},
    )
    peers["suppressed"] = peers["suppressed"].astype(str).str.lower() == "true"
    return peers


def published_national(rows: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """ROWS with national rows marked suppressed wherever the public data tables hide them.

    A national row whose counts are all 5 or more can still give away a small count
    by subtraction (minoritised minus the other groups, all services minus adult,
    bands against totals), so the published tables hide a few more rows than the
    per-row flag does; and indicator 1 is published for all services only. Reports
    show national figures exactly as the tables do, so nothing hidden in one is
    shown in another.
    """
    from scwres_helpers.publish.data_suppression import national_disclosure, published_rows

    rows = rows.reset_index(drop=True)
    national = rows["scope"] == codes.NATIONAL
    hidden = national & (rows["indicator"] == "1") & (rows["service"] != codes.ALL_SERVICES)
    for year in sorted(rows.loc[national, "year"].unique()):
        if not published_rows(rows, int(year)).empty:
            labels = national_disclosure(rows, int(year), threshold).hidden_rows
            hidden |= rows.index.isin(list(labels))
    marked = rows.copy()
    marked.loc[hidden, "suppressed"] = True
    return marked


def anonymous_peers(year_rows: pd.DataFrame) -> pd.DataFrame:
    """Authority values for one year without codes, suppressed rows left out.

    Sorted by the measure's identity then value, so row order says nothing
    about which authority a value came from.
    """
    authority = year_rows[(year_rows["scope"] == "authority") & ~year_rows["suppressed"]]
    authority = authority[authority["value"].notna()]
    peers = authority.loc[:, list(PEER_COLUMNS)]
    keys = ["service", "group", "indicator", "breakdown", "measure", "value", "denominator_group"]
    return peers.sort_values(keys, kind="mergesort").reset_index(drop=True)


def authority_inputs(tables: YearTables, authority_code: str) -> AuthorityInputs:
    """Cut one authority's bundle out of the year's tables."""
    current = tables.current
    if authority_code not in current.returns:
        raise KeyError(f"{authority_code} has no valid return for {tables.year}")
    everything = tables.reported_rows()
    own = everything[
        (everything["scope"] == "authority") & (everything["authority_code"] == authority_code)
    ].reset_index(drop=True)
    national = everything[everything["scope"] == "national"].reset_index(drop=True)
    this_year = tables.indicators[tables.year]
    ret = current.returns[authority_code]
    warnings = [p.describe() for p in current.problems if p.authority == authority_code]
    return AuthorityInputs(
        authority_code=authority_code,
        authority_name=ret.about.authority_name,
        year=tables.year,
        rows=own,
        national=national,
        peers=anonymous_peers(this_year),
        participation=tables.participation(),
        warnings=warnings,
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
    selectors in ``scwres_helpers.report.select`` (no codes, nothing suppressed).
    """

    year: int
    indicators: pd.DataFrame
    participation: pd.DataFrame
    warnings_by_rule: pd.DataFrame

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        write_indicators_csv(self.indicators, folder / "indicators.csv")
        for name, frame in (("participation", self.participation), ("warnings", self.warnings_by_rule)):
            write_text_atomic(folder / f"{name}.csv", frame.to_csv(index=False, lineterminator="\n"))
        write_text_atomic(folder / "about.json", json.dumps({"year": self.year}, sort_keys=True) + "\n")
        return [folder / n for n in ("about.json", "indicators.csv", "participation.csv", "warnings.csv")]

    @classmethod
    def read(cls, folder: Path) -> "NationalInputs":
        about = json.loads((folder / "about.json").read_text(encoding="utf-8"))
        return cls(
            year=int(about["year"]),
            indicators=read_indicators_csv(folder / "indicators.csv"),
            participation=pd.read_csv(folder / "participation.csv"),
            warnings_by_rule=pd.read_csv(folder / "warnings.csv", keep_default_na=False),
        )


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
    )


def national_inputs_from_returns(
    returns_root: Path, year: int, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
) -> NationalInputs:
    """The national bundle computed on the spot: what a chapter run by hand uses."""
    return national_inputs(load_tables(Path(returns_root), year, threshold))
