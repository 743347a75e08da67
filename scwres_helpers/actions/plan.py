"""The action-plan table as this package reads it (contract: .helper/ACTION_PLAN.md).

A plan row's target always refers to the authority's own figure for service ``all``,
group ``minoritised``, the action's indicator, ``target_breakdown`` and
``target_measure``; this module is the one place that turns a plan row into that
lookup (``report.action_words`` says it in words).
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes

PLAN_COLUMNS = codes.ACTION_PLAN_COLUMNS
AT_LEAST = "at_least"
AT_MOST = "at_most"
DROPPED = "dropped"


def has_actions(plan: pd.DataFrame | None) -> bool:
    """True for a plan with at least one row (None and empty tables mean 'no plan')."""
    return plan is not None and not plan.empty


def target_criteria(action: pd.Series) -> dict[str, str]:
    """The indicators-table columns that pick out the row an action's target is about."""
    indicator = str(action["indicator"])
    return {
        "service": codes.ALL_SERVICES,
        "group": codes.MINORITISED,
        "indicator": indicator,
        "breakdown": str(action["target_breakdown"]) if indicator == "1" else "",
        "measure": str(action["target_measure"]),
    }


def meets(value: float, comparison: str, target: float) -> bool:
    """True when ``value`` is on the target's side (the boundary counts as met)."""
    return value >= target if comparison == AT_LEAST else value <= target
