"""Progress on last year's plan: each target judged against this year's figure.

The plan sent with the YEAR - 1 return is read against the authority's YEAR row for
the target (service ``all``, group ``minoritised``, the indicator, breakdown and
measure). States:

- ``met``: the point estimate is on the target's side (the boundary counts as met),
  whatever the target year; the detail says whether the whole interval is too;
- ``not_met``: not met and the target year has come (target_year <= YEAR);
- ``on_track`` / ``not_on_track``: not met, target year still ahead, and the figure
  has / has not moved toward the target since YEAR - 1 (strictly: no change is not
  progress);
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
from scwres_helpers.indicators.select import SUPPRESSED, number_or_none, row_state, single_row

MET = "met"
NOT_MET = "not_met"
ON_TRACK = "on_track"
NOT_ON_TRACK = "not_on_track"
CANNOT_ASSESS = "cannot_assess"
DROPPED_STATE = "dropped"
STATES = (MET, NOT_MET, ON_TRACK, NOT_ON_TRACK, CANNOT_ASSESS, DROPPED_STATE)
STATE_WORDS = {
    MET: "Met",
    NOT_MET: "Not met",
    ON_TRACK: "On track",
    NOT_ON_TRACK: "Not on track",
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
        return outcome(MET)
    if int(action["target_year"]) <= year:
        return outcome(NOT_MET)
    if previous is None:
        last = single_row(last_year, **criteria)
        if last is not None and row_state(last) == SUPPRESSED:
            return outcome(CANNOT_ASSESS, PREVIOUS_SUPPRESSED)
        return outcome(CANNOT_ASSESS, NO_PREVIOUS)
    toward = value > previous if comparison == AT_LEAST else value < previous
    return outcome(ON_TRACK if toward else NOT_ON_TRACK)


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
