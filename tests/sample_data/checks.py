"""Checks shared by the fixture and benchmark tests: calibration and variety.

The expected values are typed in from shared/spec/published-figures.md (and, for
2022 and 2024 harassment, from the choices the brief asks for), not imported from
the generator's targets, so a wrong target fails here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.returns import AuthorityReturn

from .plain_returns import canonical_tables, read_raw_tables, return_paths

RL_TOLERANCE = 0.1
SHARE_TOLERANCE = 0.02
EXPECTED_RL = {
    2022: {"2": 0.45, "3": 1.5},
    2023: {"2": 0.5, "3": 1.4, "4": 2.1, "5": 1.0, "6": 1.2, "7a": 1.3, "7b": 1.9, "8": 1.1},
    2024: {"2": 0.52, "3": 1.37, "4": 1.08, "5": 1.0, "8": 1.21, "9": 0.55},
}
EXPECTED_SHARE_2024 = {"below_30k": 0.18, "30k_to_69k": 0.22, "70k_plus": 0.14}


def indicator_table(returns: Sequence[AuthorityReturn], year: int) -> pd.DataFrame:
    return compute_indicators(list(returns), year)


def national(table: pd.DataFrame) -> dict[str, float]:
    """Pooled minoritised-vs-white values, service all: RL by indicator, shares by band."""
    rows = table[(table["scope"] == "national") & (table["service"] == "all") & (table["group"] == "minoritised")]
    values = {r.indicator: float(r.value) for r in rows[rows["measure"] == "relative_likelihood"].itertuples()
              if r.indicator != "1"}
    shares = rows[(rows["measure"] == "share_minoritised") & (rows["indicator"] == "1")]
    values.update({f"share_{r.breakdown}": float(r.value) for r in shares.itertuples()})
    return values


def calibration_misses(values_by_year: dict[int, dict[str, float]]) -> list[str]:
    """Every national value outside its tolerance (empty when all land)."""
    misses = []
    for year, expected in EXPECTED_RL.items():
        for indicator, target in expected.items():
            if abs(values_by_year[year][indicator] - target) > RL_TOLERANCE:
                misses.append(f"{year} RL {indicator}: {values_by_year[year][indicator]:.3f} vs {target}")
    for band, target in EXPECTED_SHARE_2024.items():
        if abs(values_by_year[2024][f"share_{band}"] - target) > SHARE_TOLERANCE:
            misses.append(f"2024 share {band}: {values_by_year[2024][f'share_{band}']:.3f} vs {target}")
    for indicator in ("6", "7a", "7b"):  # 2024: minoritised staff less likely to report it
        if not 0.8 <= values_by_year[2024][indicator] < 1:
            misses.append(f"2024 RL {indicator}: {values_by_year[2024][indicator]:.3f} not a little below 1")
    for indicator, adverse in codes.ADVERSE_DIRECTION.items():  # 2022 worse than 2023
        if indicator == "1":
            continue
        v22, v23 = values_by_year[2022][indicator], values_by_year[2023][indicator]
        if (v22 <= v23) if adverse == "more_likely" else (v22 >= v23):
            misses.append(f"2022 RL {indicator}: {v22:.3f} not worse than 2023's {v23:.3f}")
    return misses


def variety_missing(
    root: Path, years: Sequence[int], raw_by_path: dict[Path, dict[str, pd.DataFrame]] | None = None
) -> list[str]:
    """Kinds of return the brief asks for that the tree lacks (empty when all present)."""
    seen: set[str] = set()
    codes_by_year = {}
    for year in years:
        paths = return_paths(root, year)
        codes_by_year[year] = {p.name.removesuffix(".xlsx") for p in paths}
        for path in paths:
            raw = read_raw_tables(path) if raw_by_path is None else raw_by_path[path]
            tables = canonical_tables(raw)
            workforce = tables["workforce"]
            counts = workforce["headcount"].astype(int)
            services = set(workforce["service"])
            if services == {"adult"}:
                seen.add("adult_only")
            if services == {"children"}:
                seen.add("children_only")
            if "survey" not in tables or tables["survey"].empty:
                seen.add("no_survey")
            unknown = counts[workforce["ethnicity"].isin(["not_known", "prefer_not_to_say"])].sum()
            if unknown > 0.1 * counts.sum():
                seen.add("over_10pc_unknown")
            if counts.between(1, 4).any():
                seen.add("counts_1_to_4")
            if counts.sum() < 100:
                seen.add("under_100_staff")
            if counts.sum() > 2000:
                seen.add("over_2000_staff")
            ethnicity_text = set(raw["workforce"].iloc[:, 1])
            if any(":" in e for e in ethnicity_text):
                seen.add("census_labels")
            if any(len(e.strip()) == 1 for e in ethnicity_text):
                seen.add("nhs_letters")
            if any(c != c.strip().lower() for c in raw["workforce"].columns):
                seen.add("styled_headers")
            if path.suffix == ".xlsx":
                seen.add("excel")
            plan = tables.get("action_plan")
            if plan is not None and not plan.empty:
                seen.add("action_plan_excel" if path.suffix == ".xlsx" else "action_plan_csv")
                if plan["status"].str.strip().str.lower().nunique() >= 3:
                    seen.add("action_plan_mixed_statuses")
            elif plan is not None:
                seen.add("action_plan_header_only")
            elif year > years[0]:
                seen.add("no_action_plan_table")
    if codes_by_year[years[-1]] - codes_by_year[years[0]]:
        seen.add("late_joiner")
    wanted = ["adult_only", "children_only", "no_survey", "over_10pc_unknown", "counts_1_to_4",
              "under_100_staff", "over_2000_staff", "census_labels", "nhs_letters", "styled_headers",
              "excel", "late_joiner", "action_plan_csv", "action_plan_excel", "action_plan_mixed_statuses",
              "action_plan_header_only", "no_action_plan_table"]
    return [w for w in wanted if w not in seen]


def authority_spread(table: pd.DataFrame, indicator: str) -> float:
    """Range of authorities' relative likelihoods (service all, minoritised)."""
    rows = table[(table["scope"] == "authority") & (table["service"] == "all") & (table["group"] == "minoritised")
                 & (table["indicator"] == indicator) & (table["measure"] == "relative_likelihood")]
    values = rows["value"].dropna()
    return float(values.max() - values.min())
