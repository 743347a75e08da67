"""Is a relative likelihood clearly different from the year before?

The test compares the two years on the log scale with both years' uncertainty:

    z = (ln RL2 - ln RL1) / sqrt(SE1^2 + SE2^2),   two-sided p = 2 (1 - Phi(|z|)),

with each year's SE the one its published interval uses (Katz; adjusted-log, from the
counts plus 0.5, for a year with zero events). "Is last year's point outside this
year's interval?" ignores last year's own uncertainty and, with equal SEs, calls about
17% of no-change comparisons a change instead of 5%.

The test treats the two years as independent. Many staff are counted in both years, so
the years' figures are positively correlated and the true SE of the difference is
smaller: the test is conservative (it says "clear change" less often than it could).

When the authorities taking part change between years, a national change mixes real
change with a change of membership; ``same_authorities`` pools only the authorities
present in both years so that the comparison is like for like.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from scwres_helpers.indicators.measures import COUNT_COLUMNS

CLEAR_CHANGE = "clear_change"
NO_CLEAR_CHANGE = "no_clear_change"
NOT_ASSESSED = "not_assessed"
HIGHER = "higher"
LOWER = "lower"

Counts = tuple[int, int, int, int]  # a_g, n_g, a_w, n_w


@dataclass(frozen=True)
class LogRL:
    """ln RL and its SE as the year's interval uses them (adjusted when a_g = 0)."""

    log_rl: float
    se: float
    adjusted: bool


@dataclass(frozen=True)
class Change:
    """The facts of one comparison between two years (NaN where not assessed)."""

    ratio: float  # RL2 / RL1 on the scale the test uses
    log_ratio: float
    se: float
    z: float
    p_value: float
    status: str  # CLEAR_CHANGE, NO_CLEAR_CHANGE or NOT_ASSESSED
    direction: str  # HIGHER, LOWER or "" (no clear change, or not assessed)


def log_relative_likelihood(a_g: int, n_g: int, a_w: int, n_w: int) -> LogRL | None:
    """ln RL and its Katz SE; the adjusted-log ones (counts + 0.5) when a_g = 0.

    None when the RL has no interval: a zero denominator or no white events.
    """
    if min(a_g, n_g, a_w, n_w) < 0 or a_g > n_g or a_w > n_w:
        raise ValueError(f"counts must satisfy 0 <= a <= n, got {(a_g, n_g, a_w, n_w)}")
    if n_g == 0 or n_w == 0 or a_w == 0:
        return None
    adjusted = a_g == 0
    if adjusted:
        a_g, n_g, a_w, n_w = a_g + 0.5, n_g + 0.5, a_w + 0.5, n_w + 0.5
    log_rl = math.log(a_g / n_g) - math.log(a_w / n_w)
    se = math.sqrt(1 / a_g - 1 / n_g + 1 / a_w - 1 / n_w)
    return LogRL(log_rl, se, adjusted)


def two_sided_p(z: float) -> float:
    """2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2), accurate far into the tail; the standard
    library's, not SciPy's: an authority report tests changes, and importing SciPy would
    add half a second to ``scwres build --authority``."""
    return math.erfc(abs(z) / math.sqrt(2))


def _not_assessed() -> Change:
    nan = math.nan
    return Change(nan, nan, nan, nan, nan, NOT_ASSESSED, "")


def change_between_years(previous: Counts, current: Counts, level: float = 0.95) -> Change:
    """The change from ``previous`` to ``current`` (each a_g, n_g, a_w, n_w), tested at ``level``."""
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, got {level}")
    before, after = log_relative_likelihood(*previous), log_relative_likelihood(*current)
    if before is None or after is None:
        return _not_assessed()
    log_ratio = after.log_rl - before.log_rl
    se = math.sqrt(before.se**2 + after.se**2)
    z = log_ratio / se
    p_value = two_sided_p(z)
    clear = p_value < 1 - level
    direction = (HIGHER if z > 0 else LOWER) if clear else ""
    return Change(math.exp(log_ratio), log_ratio, se, z, p_value, CLEAR_CHANGE if clear else NO_CLEAR_CHANGE,
                  direction)


def change_in_proportion(previous: tuple[int, int], current: tuple[int, int], level: float = 0.95) -> Change:
    """The change of a proportion a/n (a share or a percentage) from ``previous`` to ``current``.

    z = (p2 - p1) / sqrt(p1 (1 - p1) / n1 + p2 (1 - p2) / n2), the years treated as
    independent (conservative, as above). ``ratio`` is p2 / p1 (NaN when p1 = 0) and
    ``log_ratio`` is NaN: the test is on the difference. Not assessed when a year has no one
    at risk or both proportions are 0 or 1 (no variation to test against).
    """
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, got {level}")
    (a1, n1), (a2, n2) = previous, current
    if min(a1, n1, a2, n2) < 0 or a1 > n1 or a2 > n2:
        raise ValueError(f"counts must satisfy 0 <= a <= n, got {previous}, {current}")
    if n1 == 0 or n2 == 0:
        return _not_assessed()
    p1, p2 = a1 / n1, a2 / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    if se == 0:
        return _not_assessed()
    z = (p2 - p1) / se
    p_value = two_sided_p(z)
    clear = p_value < 1 - level
    direction = (HIGHER if z > 0 else LOWER) if clear else ""
    return Change(p2 / p1 if p1 else math.nan, math.nan, se, z, p_value,
                  CLEAR_CHANGE if clear else NO_CLEAR_CHANGE, direction)


def row_counts(row: pd.Series) -> Counts:
    """An indicators-table row's four counts (relative-likelihood rows have all four)."""
    values = [row[c] for c in COUNT_COLUMNS]
    if any(pd.isna(v) for v in values):
        raise ValueError(f"row lacks counts: {dict(zip(COUNT_COLUMNS, values))}")
    a_g, n_g, a_w, n_w = (int(v) for v in values)
    return a_g, n_g, a_w, n_w


@dataclass(frozen=True)
class SameAuthorities:
    """Counts of each year pooled over the authorities present in both."""

    previous: Counts
    current: Counts
    authorities: tuple[str, ...]  # in both years, pooled
    only_previous: tuple[str, ...]  # left out: not in the current year
    only_current: tuple[str, ...]  # left out: not in the previous year


def same_authorities(previous: pd.DataFrame, current: pd.DataFrame, key: str = "authority_code") -> SameAuthorities:
    """Pool each year's counts over the authorities that appear in both years.

    Each frame has one row per authority (``key``) with the four count columns of the
    same indicator, service and group.
    """
    for name, frame in (("previous", previous), ("current", current)):
        missing = [c for c in (key, *COUNT_COLUMNS) if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} year lacks columns: {missing}")
        repeated = sorted(set(frame.loc[frame[key].duplicated(), key]))
        if repeated:
            raise ValueError(f"{name} year has more than one row for {repeated}")
    before, after = set(previous[key]), set(current[key])
    both = sorted(before & after)
    return SameAuthorities(
        previous=_pooled(previous, key, both),
        current=_pooled(current, key, both),
        authorities=tuple(both),
        only_previous=tuple(sorted(before - after)),
        only_current=tuple(sorted(after - before)),
    )


def _pooled(frame: pd.DataFrame, key: str, keep: Sequence[str]) -> Counts:
    kept = frame[frame[key].isin(keep)]
    a_g, n_g, a_w, n_w = (int(kept[c].astype("int64").sum()) for c in COUNT_COLUMNS)
    return a_g, n_g, a_w, n_w
