"""Judgements read from intervals and tests: clearly worse, met, watch.

A point estimate on the adverse side is not evidence on its own: with small numbers it
lands there half the time by chance, and authorities picked because they looked bad
tend to look better the next year with no action at all (regression to the mean). So:

- ``versus_reference``: clearly worse (or better) than a reference value (1 for parity,
  or the national figure) only when the whole 95% interval is on that side;
- ``change_judgement``: clearly worse (or better) than last year only when the change
  test (``change``) finds a clear change in that direction;
- ``area_status``: an area for action only with at least one clear adverse finding;
  "watch" when the point estimate is adverse but nothing is clear;
- ``target_status``: a target is met when the whole interval meets it, not met when the
  whole interval misses it, and "watch" when the interval straddles it.

Adverse directions are ``codes.ADVERSE_DIRECTION`` values (``more_likely`` or
``less_likely``); the functions return status codes for the report layer to word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scwres_helpers.inference.change import CLEAR_CHANGE, HIGHER, LOWER, Change

MORE_LIKELY = "more_likely"
LESS_LIKELY = "less_likely"
AT_LEAST = "at_least"
AT_MOST = "at_most"

CLEARLY_WORSE = "clearly_worse"
CLEARLY_BETTER = "clearly_better"
NO_CLEAR_DIFFERENCE = "no_clear_difference"
NO_CLEAR_CHANGE = "no_clear_change"
NOT_ASSESSED = "not_assessed"

ACTION = "action"
WATCH = "watch"
NO_CONCERN = "no_concern"
MET = "met"
NOT_MET = "not_met"

# Reasons an area qualifies for action.
ADVERSE_AGAINST_PARITY = "adverse_against_parity"
CLEARLY_WORSE_THAN_NATIONAL = "clearly_worse_than_national"
CLEARLY_WORSE_THAN_LAST_YEAR = "clearly_worse_than_last_year"


def _check_adverse(adverse: str) -> None:
    if adverse not in (MORE_LIKELY, LESS_LIKELY):
        raise ValueError(f"adverse direction must be {MORE_LIKELY!r} or {LESS_LIKELY!r}, got {adverse!r}")


def _missing(*values: float | None) -> bool:
    return any(v is None or math.isnan(v) for v in values)


def versus_reference(lower: float | None, upper: float | None, reference: float | None, adverse: str) -> str:
    """Clearly worse / better than ``reference`` when the whole interval lies on one side.

    Touching the reference is not clear. No interval or no reference: not assessed.
    """
    _check_adverse(adverse)
    if _missing(lower, upper, reference):
        return NOT_ASSESSED
    above, below = lower > reference, upper < reference
    if not (above or below):
        return NO_CLEAR_DIFFERENCE
    return CLEARLY_WORSE if above == (adverse == MORE_LIKELY) else CLEARLY_BETTER


def change_judgement(change: Change, adverse: str) -> str:
    """Clearly worse / better than last year from a change test, or no clear change."""
    _check_adverse(adverse)
    if change.status != CLEAR_CHANGE:
        return NOT_ASSESSED if change.status == NOT_ASSESSED else NO_CLEAR_CHANGE
    worse = HIGHER if adverse == MORE_LIKELY else LOWER
    return CLEARLY_WORSE if change.direction == worse else CLEARLY_BETTER


def point_is_adverse(value: float | None, adverse: str, reference: float = 1.0) -> bool:
    """The point estimate is on the adverse side of the reference (no evidence implied)."""
    _check_adverse(adverse)
    if _missing(value):
        return False
    return value > reference if adverse == MORE_LIKELY else value < reference


@dataclass(frozen=True)
class AreaJudgement:
    status: str  # ACTION, WATCH or NO_CONCERN
    reasons: tuple[str, ...]  # the clear adverse findings behind ACTION, in order of strength


def area_status(
    value: float | None,
    against_parity: str,
    against_national: str,
    against_last_year: str,
    adverse: str,
) -> AreaJudgement:
    """Action only on clear adverse evidence; watch when only the point estimate is adverse.

    ``against_parity`` and ``against_national`` are ``versus_reference`` results (with 1
    and with the national RL), ``against_last_year`` a ``change_judgement`` result.
    """
    reasons = tuple(
        reason
        for reason, finding in (
            (ADVERSE_AGAINST_PARITY, against_parity),
            (CLEARLY_WORSE_THAN_NATIONAL, against_national),
            (CLEARLY_WORSE_THAN_LAST_YEAR, against_last_year),
        )
        if finding == CLEARLY_WORSE
    )
    if reasons:
        return AreaJudgement(ACTION, reasons)
    return AreaJudgement(WATCH if point_is_adverse(value, adverse) else NO_CONCERN, ())


def target_status(lower: float | None, upper: float | None, target: float, comparison: str) -> str:
    """Met when the whole interval meets the target (the boundary counts), not met when the
    whole interval misses it, watch when it straddles; not assessed without an interval."""
    if comparison not in (AT_LEAST, AT_MOST):
        raise ValueError(f"comparison must be {AT_LEAST!r} or {AT_MOST!r}, got {comparison!r}")
    if _missing(lower, upper, target):
        return NOT_ASSESSED
    if comparison == AT_LEAST:
        return MET if lower >= target else NOT_MET if upper < target else WATCH
    return MET if upper <= target else NOT_MET if lower > target else WATCH
