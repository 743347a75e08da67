"""Picking rows out of the indicators table, and reading one row's state.

Every chart, table, sentence and area for action starts from rows of the tidy
indicators table (``shared/spec/indicators-table.md``); this module is the one place
that knows how to filter it and how to tell a publishable figure from a suppressed or
undefined one.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scwres_helpers.codes import ALL_SERVICES, MINORITISED, NATIONAL

RL = "relative_likelihood"
SHARE = "share_minoritised"
PERCENT = "percent_experienced"
GAP = "gap_pp"
SHARE_UNKNOWN = "share_unknown"

# The states of a row, from a presentation point of view.
SUPPRESSED = "suppressed"  # counts 1-4 somewhere: nothing derived may be shown
NO_VALUE = "no_value"  # the measure is undefined (no denominator, reference zero)
NO_INTERVAL = "no_interval"  # a value without an interval (zero events, gap_pp)
COMPLETE = "complete"  # value and interval


def number_or_none(x: object) -> float | None:
    """A float, or None for a missing value (None, NaN or pandas NA)."""
    if x is None or x is pd.NA:
        return None
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _positions(rows: pd.DataFrame, criteria: dict[str, object]) -> np.ndarray:
    """Positions of the rows whose columns equal the given values (None means any).

    Compared as numpy arrays: a report makes hundreds of these picks, and a pandas
    boolean Series per criterion cost a tenth of an authority notebook's run time.
    Each criterion is tested only on the rows that passed the ones before it (the
    peers table has 30,000 rows; after ``scope`` and ``indicator`` a few thousand).
    """
    positions = np.arange(len(rows))
    for column, wanted in criteria.items():
        if wanted is not None:
            positions = positions[rows[column].to_numpy()[positions] == wanted]
    return positions


def select(rows: pd.DataFrame, **criteria: object) -> pd.DataFrame:
    """The rows whose columns equal the given values (None means any), in their order."""
    return rows.iloc[_positions(rows, criteria)]


def single_row(rows: pd.DataFrame, **criteria: object) -> pd.Series | None:
    """The one row matching ``criteria``; None when there is none, an error when several."""
    found = _positions(rows, criteria)
    if len(found) > 1:
        raise ValueError(f"expected at most one row for {criteria}, found {len(found)}")
    return None if len(found) == 0 else rows.iloc[int(found[0])]


def one_series(rows: pd.DataFrame) -> None:
    """Refuse rows that mix scopes, authorities or years (a chart shows one of each)."""
    for column in ("scope", "authority_code", "year"):
        if rows[column].nunique() > 1:
            raise ValueError(f"rows mix several values of {column!r}; pass one at a time")


def one_place(rows: pd.DataFrame) -> None:
    """Refuse rows that mix scopes or authorities (a trend shows one place over years)."""
    for column in ("scope", "authority_code"):
        if rows[column].nunique() > 1:
            raise ValueError(f"rows mix several values of {column!r}; pass one at a time")


def row_state(row: pd.Series) -> str:
    """SUPPRESSED, NO_VALUE, NO_INTERVAL or COMPLETE."""
    if bool(row["suppressed"]):
        return SUPPRESSED
    if number_or_none(row["value"]) is None:
        return NO_VALUE
    if number_or_none(row["ci_lower"]) is None or number_or_none(row["ci_upper"]) is None:
        return NO_INTERVAL
    return COMPLETE


def row_states(rows: pd.DataFrame) -> np.ndarray:
    """``row_state`` of every row at once (the participation chapter counts 20,000 rows)."""
    suppressed = rows["suppressed"].to_numpy(dtype=bool)
    missing = {column: pd.to_numeric(rows[column], errors="coerce").isna().to_numpy()
               for column in ("value", "ci_lower", "ci_upper")}
    return np.select(
        [suppressed, missing["value"], missing["ci_lower"] | missing["ci_upper"]],
        [SUPPRESSED, NO_VALUE, NO_INTERVAL],
        default=COMPLETE,
    )


def is_national(rows: pd.DataFrame | pd.Series) -> bool:
    """True for national (pooled) rows."""
    scope = rows["scope"] if isinstance(rows, pd.Series) else rows["scope"].iloc[0]
    return scope == NATIONAL


def _with_complement(found: pd.DataFrame) -> pd.DataFrame:
    """Publishable authority rows, with secondary suppression against the national total.

    The national row pools every authority, so when exactly one authority's row is
    suppressed, listing all the others would let a reader subtract its counts from
    the national ones. Then the smallest other authority (by staff at risk) is left
    out too, so at least two are missing and neither can be recovered.
    """
    suppressed = found["suppressed"].astype(bool)
    kept = found.loc[~suppressed]
    if int(suppressed.sum()) == 1 and not kept.empty:
        at_risk = pd.to_numeric(kept["denominator_group"], errors="coerce").fillna(0)
        kept = kept.drop(index=at_risk.sort_values(kind="mergesort").index[0])
    return kept


def publishable_authority_rows(
    rows: pd.DataFrame,
    indicator: str,
    *,
    measure: str = RL,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    breakdown: str = "",
) -> pd.DataFrame:
    """The authority rows of one figure that public outputs may show, with their codes:
    none suppressed, and a second one left out when exactly one is (``_with_complement``).

    The one rule behind the national report's spread of authority values and each
    authority's public summary, so neither shows what the other would withhold.
    """
    found = select(
        rows, scope="authority", indicator=indicator, measure=measure, group=group,
        service=service, breakdown=breakdown,
    )
    return _with_complement(found)


def publishable_values(
    rows: pd.DataFrame,
    indicator: str,
    *,
    measure: str = RL,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    breakdown: str = "",
) -> pd.Series:
    """Authorities' values for the distribution chart: no suppressed or empty ones, no names.

    The index is a plain 0..n-1 range and the values are sorted, so nothing ties a
    value back to an authority.
    """
    found = publishable_authority_rows(rows, indicator, measure=measure, group=group, service=service,
                                       breakdown=breakdown)
    values = pd.to_numeric(found["value"], errors="coerce").dropna().astype(float)
    return pd.Series(sorted(values), dtype=float, name="value")


def publishable_counts(
    rows: pd.DataFrame,
    indicator: str,
    *,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    breakdown: str = "",
) -> pd.DataFrame:
    """The four counts (a_g, n_g, a_w, n_w) of each publishable authority RL, for judging
    the funnel plot (``inference.funnel``): no names, sorted by the counts so the order
    says nothing. The counts never reach the chart's public data, only what is judged."""
    found = select(
        rows, scope="authority", indicator=indicator, measure=RL, group=group,
        service=service, breakdown=breakdown,
    )
    found = _with_complement(found)
    columns = ["numerator_group", "denominator_group", "numerator_white", "denominator_white"]
    counts = found.loc[:, columns].apply(pd.to_numeric, errors="coerce").dropna().astype("int64")
    return counts.sort_values(columns, kind="mergesort").reset_index(drop=True)
