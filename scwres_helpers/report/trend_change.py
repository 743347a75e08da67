"""Is this year's relative likelihood clearly different from last year's? (for the reports' trends)

A trend described ("0.52 in 2024, compared with 0.50 in 2023") invites the reader to
read noise as change. The reports instead say what ``inference.change`` finds: "clearly
higher than last year", "clearly lower than last year" or "no clear change", from
z = (ln RL2 - ln RL1) / sqrt(SE1^2 + SE2^2), which treats the years as independent and
so is conservative (many staff are counted in both years).

Only consecutive years are compared, and only when both years' figures are published
(a withheld figure gives no verdict, so nothing derived from its counts is shown). For
the national figure, when the authorities taking part changed between the years, the
same test is also run on the authorities present in both (``same_authorities``), so the
reader can tell a change in who took part from a change in experience.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scwres_helpers.indicators.measures import COUNT_COLUMNS
from scwres_helpers.indicators.select import COMPLETE, NO_INTERVAL, RL, number_or_none, row_state, select
from scwres_helpers.inference.change import (
    CLEAR_CHANGE,
    HIGHER,
    NOT_ASSESSED,
    Change,
    change_between_years,
    row_counts,
    same_authorities,
)
from scwres_helpers.report.formatting import format_rl
from scwres_helpers.report.phrases import say

CLEARLY_HIGHER = "clearly_higher"
CLEARLY_LOWER = "clearly_lower"
NO_CLEAR_CHANGE = "no_clear_change"


@dataclass(frozen=True)
class SameAuthoritiesChange:
    """The change over the authorities present in both years (participation changed)."""

    authorities: int
    left_out: int  # took part in only one of the two years
    previous_value: float  # pooled RL of those authorities, previous year
    value: float
    change: Change


@dataclass(frozen=True)
class YearChange:
    """This year's figure against last year's, tested."""

    previous_year: int
    year: int
    previous_value: float
    value: float
    change: Change
    same: SameAuthoritiesChange | None = None

    @property
    def verdict(self) -> str:
        return verdict(self.change)


def verdict(change: Change) -> str:
    """CLEARLY_HIGHER, CLEARLY_LOWER or NO_CLEAR_CHANGE (also when the test cannot be made)."""
    if change.status != CLEAR_CHANGE:
        return NO_CLEAR_CHANGE
    return CLEARLY_HIGHER if change.direction == HIGHER else CLEARLY_LOWER


def _testable(row: pd.Series | None) -> bool:
    """Published (not withheld), with a value and all four counts."""
    if row is None or row_state(row) not in (COMPLETE, NO_INTERVAL):
        return False
    return number_or_none(row["value"]) is not None and all(number_or_none(row[c]) is not None
                                                           for c in COUNT_COLUMNS)


def latest_change(rows_by_year: pd.DataFrame) -> YearChange | None:
    """The latest year's RL against the year before it, from one place's rows (one per year).

    None when there is no year before the latest, or either year's figure is withheld
    or lacks the counts the test needs.
    """
    if rows_by_year.empty:
        return None
    rows = rows_by_year.sort_values("year", kind="mergesort")
    if rows["year"].duplicated().any():
        raise ValueError("trend rows must have one row per year")
    latest = rows.iloc[-1]
    year = int(latest["year"])
    earlier = rows.loc[rows["year"] == year - 1]
    if earlier.empty:
        return None
    previous = earlier.iloc[0]
    if not (_testable(previous) and _testable(latest)):
        return None
    change = change_between_years(row_counts(previous), row_counts(latest))
    if change.status == NOT_ASSESSED:
        return None  # not assessed: no white events in a year
    return YearChange(year - 1, year, float(previous["value"]), float(latest["value"]), change)


def _authority_counts(rows: pd.DataFrame, year: int, criteria: dict[str, str]) -> pd.DataFrame:
    chosen = select(rows, scope="authority", year=year, **criteria)
    return chosen.loc[chosen[list(COUNT_COLUMNS)].notna().all(axis=1),
                      ["authority_code", *COUNT_COLUMNS]]


def national_change(national_by_year: pd.DataFrame, authority_rows: pd.DataFrame) -> YearChange | None:
    """``latest_change`` of a national figure, with the same-authorities comparison when the
    authorities whose counts it pools differ between the two years.

    ``authority_rows`` are authority-scope rows of both years (any indicators); only
    their counts are used, and only pooled over many authorities (never shown one by one).
    """
    found = latest_change(national_by_year)
    if found is None:
        return None
    head = national_by_year.iloc[0]
    criteria = dict(indicator=str(head["indicator"]), measure=RL, group=str(head["group"]),
                    service=str(head["service"]), breakdown=str(head["breakdown"]))
    before = _authority_counts(authority_rows, found.previous_year, criteria)
    after = _authority_counts(authority_rows, found.year, criteria)
    if before.empty or after.empty or set(before["authority_code"]) == set(after["authority_code"]):
        return found
    pooled = same_authorities(before, after)
    if len(pooled.authorities) < 2:
        return found
    change = change_between_years(pooled.previous, pooled.current)
    if change.status == NOT_ASSESSED:
        return found
    value_before = (pooled.previous[0] / pooled.previous[1]) / (pooled.previous[2] / pooled.previous[3])
    value_after = (pooled.current[0] / pooled.current[1]) / (pooled.current[2] / pooled.current[3])
    same = SameAuthoritiesChange(len(pooled.authorities), len(pooled.only_previous) + len(pooled.only_current),
                                 value_before, value_after, change)
    return YearChange(found.previous_year, found.year, found.previous_value, found.value, found.change, same)


def verdict_words(change: YearChange) -> str:
    """'clearly higher than last year', 'clearly lower than last year' or 'no clear change'."""
    return say(f"narrative.change.verdict.{change.verdict}")


def change_sentence(change: YearChange | None) -> str:
    """The tested comparison with last year in words; '' when there is none to make."""
    if change is None:
        return ""
    sentence = say("narrative.change.sentence", verdict=change.verdict, year=change.year,
                   previous_year=change.previous_year, value=format_rl(change.value),
                   previous_value=format_rl(change.previous_value))
    if change.same is not None:
        same = change.same
        sentence += " " + say("narrative.change.same_authorities", authorities=same.authorities,
                              left_out=same.left_out, verdict=verdict(same.change), year=change.year,
                              previous_year=change.previous_year, value=format_rl(same.value),
                              previous_value=format_rl(same.previous_value))
    return sentence
