"""The national relative likelihood within authorities, beside the pooled headline.

The headline (the contract's pooled RL) compares all minoritised staff with all white
staff, so it mixes the comparison inside authorities with differences between them:
authorities differ both in how many minoritised staff they employ and in how often the
outcome happens. ``inference.stratified.mantel_haenszel`` compares staff within each
authority and combines those comparisons; its cluster-robust interval (authorities as
clusters) allows for authorities differing more than chance alone explains.

Disclosure: the figure is computed from every authority's counts (as the pooled headline
is) and published as a rounded ratio only, never a count; it is given only where the
pooled headline itself is published, so no withheld national figure gets an estimate.
"""

from __future__ import annotations

import math

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.indicators.measures import COUNT_COLUMNS
from scwres_helpers.indicators.select import COMPLETE, RL, row_state, select
from scwres_helpers.inference.stratified import Stratified, mantel_haenszel
from scwres_helpers.report.formatting import format_decimal, format_interval, format_rl
from scwres_helpers.report.phrases import say

MIN_AUTHORITIES = 3  # fewer clusters give no useful robust interval
# phi near 1 is what chance alone gives; the reports mention it only when clearly above.
PHI_WORTH_SAYING = 1.5


def within_authorities(rows: pd.DataFrame, headline: pd.Series | None, indicator: str,
                       breakdown: str = "") -> Stratified | None:
    """RL_MH over the authorities of the headline's year, or None when it should not be shown.

    ``rows`` are the year's rows (authority rows give the strata). None when the headline
    is not published in full, fewer than ``MIN_AUTHORITIES`` authorities have both groups,
    or there is no estimate (no events in a group).
    """
    if headline is None or row_state(headline) != COMPLETE:
        return None
    chosen = select(rows, scope="authority", indicator=indicator, measure=RL, group=codes.MINORITISED,
                    service=codes.ALL_SERVICES, breakdown=breakdown)
    chosen = chosen.loc[chosen[list(COUNT_COLUMNS)].notna().all(axis=1)]
    if len(chosen) < MIN_AUTHORITIES:
        return None
    counts = [chosen[c].astype("int64").to_numpy() for c in COUNT_COLUMNS]
    try:
        result = mantel_haenszel(*counts)
    except ValueError:
        return None
    if result.strata < MIN_AUTHORITIES or math.isnan(result.robust_ci_lower):
        return None
    return result


def within_sentence(result: Stratified | None, headline: pd.Series) -> str:
    """The within-authorities figure in words; '' when there is none."""
    if result is None:
        return ""
    phi = result.phi if math.isfinite(result.phi) and result.phi >= PHI_WORTH_SAYING else None
    return say("national.indicator.within_authorities",
               value=format_rl(result.relative_likelihood),
               interval=format_interval(result.robust_ci_lower, result.robust_ci_upper),
               pooled=format_rl(float(headline["value"])), authorities=result.strata,
               phi=None if phi is None else format_decimal(phi, 1))
