"""The indicators table (``indicators-table.md``): every indicator for every authority and nationally.

Counts are summed first (``counts``), then each measure is computed column-wise
(``measures``) for all authorities, services and groups at once, so a national run
of every authority takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure import disclosive_rows
from scwres_helpers.indicators import measures
from scwres_helpers.indicators.counts import (
    COUNT_FIELDS,
    Counts,
    band_column,
    count_returns,
    pool,
)
from scwres_helpers.returns import AuthorityReturn

AUTHORITY_SCOPE = "authority"
NATIONAL_SCOPE = codes.NATIONAL
ROW_KEYS = ("scope", "authority_code", "service")
GROUP_KEYS = (*ROW_KEYS, "group")
WHITE_SUFFIX = "_white"

# Indicator 1 breakdowns: each pay band, then the wider reporting bands.
INDICATOR_1_BREAKDOWNS = (*codes.PAY_BANDS, *codes.REPORTING_BANDS)

COUNT_COLUMNS = measures.COUNT_COLUMNS
FLOAT_COLUMNS = ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")


def _check_returns(returns: Sequence[AuthorityReturn], year: int) -> None:
    seen: set[str] = set()
    for r in returns:
        if r.year != year:
            raise ValueError(f"return {r.authority_code} is for {r.year}, not {year}")
        if r.authority_code in seen:
            raise ValueError(f"two returns for {r.authority_code} in {year}")
        seen.add(r.authority_code)


def _scoped(counts: Counts, scope: str) -> Counts:
    return Counts(
        groups=counts.groups.assign(scope=scope),
        data_quality=counts.data_quality.assign(scope=scope),
        survey=counts.survey.assign(scope=scope),
    )


def _all_counts(by_authority: Counts, include_national: bool) -> Counts:
    parts = [_scoped(by_authority, AUTHORITY_SCOPE)]
    if include_national:
        parts.append(_scoped(pool(by_authority), NATIONAL_SCOPE))
    return Counts(
        groups=pd.concat([p.groups for p in parts], ignore_index=True),
        data_quality=pd.concat([p.data_quality for p in parts], ignore_index=True),
        survey=pd.concat([p.survey for p in parts], ignore_index=True),
    )


def _compared_with_white(groups: pd.DataFrame) -> pd.DataFrame:
    """One row per compared group, with white staff's counts alongside (suffix ``_white``)."""
    white = groups[groups["group"] == codes.REFERENCE_GROUP].drop(columns="group")
    white = white.rename(columns={f: f + WHITE_SUFFIX for f in COUNT_FIELDS})
    compared = groups[groups["group"] != codes.REFERENCE_GROUP]
    return compared.merge(white, on=list(ROW_KEYS), how="inner", validate="many_to_one").reset_index(drop=True)


@dataclass(frozen=True)
class _Block:
    """Rows of one (indicator, breakdown, measure) for the compared-group rows in ``keys``."""

    keys: pd.DataFrame
    computed: pd.DataFrame
    indicator: str
    breakdown: str
    measure: str


def _assemble(blocks: list[_Block]) -> pd.DataFrame:
    """All blocks as one frame: labels built column-wise, computed columns concatenated once."""
    lengths = [len(b.computed) for b in blocks]
    columns: dict[str, object] = {
        key: np.concatenate([b.keys[key].to_numpy(dtype=object) for b in blocks]) for key in GROUP_KEYS
    }
    for label in ("indicator", "breakdown", "measure"):
        columns[label] = np.repeat(np.array([getattr(b, label) for b in blocks], dtype=object), lengths)
    labels = pd.DataFrame(columns)
    computed = pd.concat([b.computed for b in blocks], ignore_index=True)
    return pd.concat([labels, computed], axis=1)


def _rl(wide: pd.DataFrame, a: str, n: str, z: float) -> pd.DataFrame:
    return measures.relative_likelihood(wide[a], wide[n], wide[a + WHITE_SUFFIX], wide[n + WHITE_SUFFIX], z)


def _band_blocks(wide: pd.DataFrame, keys: pd.DataFrame, indicator: registry.Indicator, z: float) -> list[_Block]:
    """Indicator 1: the share and the RL of each pay band and reporting band."""
    blocks = []
    for band in INDICATOR_1_BREAKDOWNS:
        column = band_column(band)
        share = measures.share_minoritised(wide[column], wide[column + WHITE_SUFFIX], z)
        blocks.append(_Block(keys, share, indicator.id, band, registry.SHARE))
        blocks.append(_Block(keys, _rl(wide, column, indicator.at_risk, z), indicator.id, band, registry.RL))
    return blocks


def _senior_blocks(wide: pd.DataFrame, keys: pd.DataFrame, indicator: registry.Indicator, z: float) -> list[_Block]:
    """Indicator 9: the share of the outcome, its RL, and the gap with the share of the whole."""
    a, n = indicator.outcome, indicator.at_risk
    share = measures.share_minoritised(wide[a], wide[a + WHITE_SUFFIX], z)
    gap = measures.gap_pp(wide[a], wide[a + WHITE_SUFFIX], wide[n], wide[n + WHITE_SUFFIX])
    return [
        _Block(keys, share, indicator.id, "", registry.SHARE),
        _Block(keys, _rl(wide, a, n, z), indicator.id, "", registry.RL),
        _Block(keys, gap, indicator.id, "", registry.GAP),
    ]


def _group_blocks(wide: pd.DataFrame, z: float) -> list[_Block]:
    """Every indicator but the survey's, for every compared-group row of ``wide``."""
    keys = wide[list(GROUP_KEYS)]
    blocks = []
    for indicator in registry.indicators():
        if indicator.kind == registry.BANDS:
            blocks += _band_blocks(wide, keys, indicator, z)
        elif indicator.kind == registry.EVENT:
            rl = _rl(wide, indicator.outcome, indicator.at_risk, z)
            blocks.append(_Block(keys, rl, indicator.id, "", registry.RL))
        elif indicator.kind == registry.SENIOR:
            blocks += _senior_blocks(wide, keys, indicator, z)
    return blocks


def _survey_blocks(wide: pd.DataFrame, survey: pd.DataFrame, z: float) -> list[_Block]:
    """The survey indicators (6, 7a, 7b), only for (scope, authority, service) that the survey covered."""
    surveyed = wide.merge(survey[list(ROW_KEYS)], on=list(ROW_KEYS), how="inner", validate="many_to_one")
    keys = surveyed[list(GROUP_KEYS)]
    blocks = []
    for indicator in registry.indicators():
        if indicator.kind != registry.SURVEY:
            continue
        a, n = indicator.outcome, indicator.at_risk
        blocks.append(_Block(keys, _rl(surveyed, a, n, z), indicator.id, "", registry.RL))
        percent = measures.percent_experienced(
            surveyed[a], surveyed[n], surveyed[a + WHITE_SUFFIX], surveyed[n + WHITE_SUFFIX], z
        )
        blocks.append(_Block(keys, percent, indicator.id, "", registry.PERCENT))
    return blocks


def _data_quality_block(data_quality: pd.DataFrame) -> _Block:
    keys = data_quality[list(ROW_KEYS)].assign(group="")
    computed = measures.share_unknown(data_quality["unknown_headcount"], data_quality["total_headcount"])
    return _Block(keys, computed, codes.DATA_QUALITY_INDICATOR, "", "share_unknown")


def suppression(table: pd.DataFrame, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD) -> np.ndarray:
    """``suppressed`` for each row: ``disclosive_rows`` of its counts and their complements.

    Blank counts (the white columns of ``DQ / share_unknown``) are safe, and so is a
    complement of a blank; for that row the complement judged is the known headcount.
    """
    return disclosive_rows(*(table[c] for c in COUNT_COLUMNS), threshold=threshold)


def empty_indicator_table() -> pd.DataFrame:
    """A correctly typed indicators table with no rows."""
    return _typed(pd.DataFrame({c: [] for c in codes.INDICATOR_TABLE_COLUMNS}))


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for column in codes.INDICATOR_TABLE_COLUMNS:
        series = table[column]
        if column == "year":
            out[column] = series.astype("int64")
        elif column in COUNT_COLUMNS:
            out[column] = series.astype("Int64")
        elif column in FLOAT_COLUMNS:
            out[column] = series.astype("float64")
        elif column == "suppressed":
            out[column] = series.astype("bool")
        else:
            out[column] = series.astype("str")
    return pd.DataFrame(out)


def compute_indicators(
    returns: Sequence[AuthorityReturn],
    year: int,
    threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD,
    include_national: bool = True,
    z: float = codes.Z_95,
    counts: Counts | None = None,
) -> pd.DataFrame:
    """The indicators table for one year's valid returns, sorted as the contract says.

    Authority rows cover the services each authority returned plus ``all``; national
    rows pool every return given. Survey indicators appear only where a survey covered
    the service. Rows with a zero denominator are kept, with empty values and a flag.
    COUNTS, when given, is ``count_returns(RETURNS)`` worked out already (after a
    correction, the build reuses the other returns' counts: ``bundles``).
    """
    _check_returns(returns, year)
    if not returns:
        return empty_indicator_table()
    counts = _all_counts(count_returns(returns) if counts is None else counts, include_national)
    wide = _compared_with_white(counts.groups)
    blocks = _group_blocks(wide, z) + _survey_blocks(wide, counts.survey, z)
    blocks.append(_data_quality_block(counts.data_quality))
    table = _assemble(blocks)
    table["year"] = year
    table["suppressed"] = suppression(table, threshold)
    table = _typed(table)
    return table.sort_values(list(codes.INDICATOR_TABLE_SORT), kind="stable", ignore_index=True)
