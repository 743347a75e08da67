"""Progress on last year's plan: each target judged against this year's figure and its interval.

The plan sent with the YEAR - 1 return is read against the authority's YEAR row for
the target (service ``all``, group ``minoritised``, the indicator, breakdown and
measure). A point estimate on the target's side is not evidence that the target is met
(with small numbers it lands there by chance), so the interval decides. States:

- ``met``: the whole 95% interval is on the target's side (the boundary counts);
- ``not_clear``: the point estimate is on the target's side but the interval is not
  (or there is no interval), whatever the target year: "not yet clear";
- ``not_met``: the point estimate is not on the target's side and the target year has
  come (target_year <= YEAR);
- ``on_track`` / ``no_clear_progress``: the point is not on the target's side, the
  target year is still ahead, and the change since YEAR - 1 toward the target is / is
  not clear by a test with both years' uncertainty (``inference.change``: the log RL for
  relative likelihoods, the difference in proportions for shares and percentages); a
  gap in percentage points has no such test, so it is never "on track";
- ``cannot_assess``: no row for the target, a suppressed row (nothing derived from it
  is shown), no value, or (for a target still ahead) no publishable YEAR - 1 figure;
- ``dropped``: the authority dropped the action; the figure is still shown.

A suppressed figure never enters the result: its value, interval, flag and previous
value are left empty. Results are facts (state, reason, figures); the report says them
in words (``report.action_words.progress_detail``).
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers.actions.plan import AT_LEAST, DROPPED, has_actions, meets, target_criteria
from scwres_helpers.indicators.measures import COUNT_COLUMNS
from scwres_helpers.indicators.select import (
    GAP,
    PERCENT,
    RL,
    SHARE,
    SUPPRESSED,
    number_or_none,
    row_state,
    single_row,
)
from scwres_helpers.inference.change import (
    CLEAR_CHANGE,
    HIGHER,
    LOWER,
    Change,
    change_between_years,
    change_in_proportion,
)

MET = "met"
NOT_CLEAR = "not_clear"
NOT_MET = "not_met"
ON_TRACK = "on_track"
NO_CLEAR_PROGRESS = "no_clear_progress"
CANNOT_ASSESS = "cannot_assess"
DROPPED_STATE = "dropped"
STATES = (MET, NOT_CLEAR, NOT_MET, ON_TRACK, NO_CLEAR_PROGRESS, CANNOT_ASSESS, DROPPED_STATE)
STATE_WORDS = {
    MET: "Met",
    NOT_CLEAR: "Not yet clear",
    NOT_MET: "Not met",
    ON_TRACK: "On track",
    NO_CLEAR_PROGRESS: "No clear progress",
    CANNOT_ASSESS: "Cannot assess",
    DROPPED_STATE: "Dropped",
}

# Why a target could not be assessed.
NO_ROW = "no_row"
ROW_SUPPRESSED = "suppressed"
NO_VALUE = "no_value"
NO_PREVIOUS = "no_previous"
PREVIOUS_SUPPRESSED = "previous_suppressed"

PROGRESS_COLUMNS = (
    "action_id",
    "indicator",
    "target_breakdown",
    "target_measure",
    "action",
    "owner_role",
    "status",
    "target_comparison",
    "target_value",
    "target_year",
    "value",
    "ci_lower",
    "ci_upper",
    "previous_value",
    "state",
    "interval_on_target_side",
    "reason",
    "flag",
)


def _figure(row: pd.Series | None) -> tuple[float | None, float | None, float | None]:
    """(value, lower, upper) of a row a report may show; all None for a suppressed row."""
    if row is None or row_state(row) == SUPPRESSED:
        return None, None, None
    return number_or_none(row["value"]), number_or_none(row["ci_lower"]), number_or_none(row["ci_upper"])


def _interval_side(comparison: str, target: float, lower: float | None, upper: float | None) -> bool | None:
    """Whether the whole interval is on the target's side; None without an interval."""
    if lower is None or upper is None:
        return None
    return lower >= target if comparison == AT_LEAST else upper <= target


def _judge(action: pd.Series, this_year: pd.DataFrame, last_year: pd.DataFrame, year: int) -> dict:
    criteria = target_criteria(action)
    row = single_row(this_year, **criteria)
    value, lower, upper = _figure(row)
    previous, _, _ = _figure(single_row(last_year, **criteria))
    comparison = str(action["target_comparison"])
    target = float(action["target_value"])
    on_side = _interval_side(comparison, target, lower, upper) if value is not None else None
    flag = "" if row is None or row_state(row) == SUPPRESSED else str(row["flag"])
    result = {"value": value, "ci_lower": lower, "ci_upper": upper, "previous_value": previous,
              "interval_on_target_side": None, "reason": "", "flag": flag}

    def outcome(state: str, reason: str = "") -> dict:
        return {**result, "state": state, "reason": reason}

    if str(action["status"]) == DROPPED:
        return outcome(DROPPED_STATE)
    if row is None:
        return outcome(CANNOT_ASSESS, NO_ROW)
    if row_state(row) == SUPPRESSED:
        return outcome(CANNOT_ASSESS, ROW_SUPPRESSED)
    if value is None:
        return outcome(CANNOT_ASSESS, NO_VALUE)
    result["interval_on_target_side"] = on_side
    if meets(value, comparison, target):
        return outcome(MET if on_side else NOT_CLEAR)
    if int(action["target_year"]) <= year:
        return outcome(NOT_MET)
    last = single_row(last_year, **criteria)
    if previous is None:
        if last is not None and row_state(last) == SUPPRESSED:
            return outcome(CANNOT_ASSESS, PREVIOUS_SUPPRESSED)
        return outcome(CANNOT_ASSESS, NO_PREVIOUS)
    change = _change(last, row, str(action["target_measure"]))
    toward = HIGHER if comparison == AT_LEAST else LOWER
    clear = change is not None and change.status == CLEAR_CHANGE and change.direction == toward
    return outcome(ON_TRACK if clear else NO_CLEAR_PROGRESS)


def _counts(row: pd.Series) -> list[int | None]:
    return [None if (v := number_or_none(row[c])) is None else int(v) for c in COUNT_COLUMNS]


def _change(before: pd.Series, after: pd.Series, measure: str) -> Change | None:
    """The tested change of the target's figure since last year; None when there is no test
    (a gap in percentage points, or counts missing)."""
    first, second = _counts(before), _counts(after)
    if measure == RL and None not in first + second:
        return change_between_years(tuple(first), tuple(second))  # type: ignore[arg-type]
    if measure in (SHARE, PERCENT) and None not in first[:2] + second[:2]:
        return change_in_proportion(tuple(first[:2]), tuple(second[:2]))  # type: ignore[arg-type]
    return None


def empty_progress() -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=list(PROGRESS_COLUMNS)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("action_id", "indicator", "target_breakdown", "target_measure", "action", "owner_role",
                   "status", "target_comparison", "state", "reason", "flag"):
        frame[column] = frame[column].astype("str")
    for column in ("target_value", "value", "ci_lower", "ci_upper", "previous_value"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["target_year"] = frame["target_year"].astype("int64")
    frame["interval_on_target_side"] = frame["interval_on_target_side"].astype("boolean")
    return frame


def plan_progress(plan: pd.DataFrame | None, rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per action of the YEAR - 1 plan, in plan order, with its YEAR state.

    ``rows`` are the authority's own indicator rows (YEAR, and YEAR - 1 for targets
    still ahead). An absent or empty plan gives an empty frame with the columns.
    """
    if not has_actions(plan):
        return empty_progress()
    this_year = rows.loc[rows["year"] == year]
    last_year = rows.loc[rows["year"] == year - 1]
    records = []
    for _, action in plan.iterrows():
        judged = _judge(action, this_year, last_year, year)
        records.append({
            "action_id": str(action["action_id"]),
            "indicator": str(action["indicator"]),
            "target_breakdown": str(action["target_breakdown"]),
            "target_measure": str(action["target_measure"]),
            "action": str(action["action"]),
            "owner_role": str(action["owner_role"]),
            "status": str(action["status"]),
            "target_comparison": str(action["target_comparison"]),
            "target_value": float(action["target_value"]),
            "target_year": int(action["target_year"]),
            **judged,
        })
    frame = pd.DataFrame(records, columns=list(PROGRESS_COLUMNS))
    return _typed(frame.reset_index(drop=True))
