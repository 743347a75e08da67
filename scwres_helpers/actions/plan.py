"""The action-plan table as this package reads it (contract: .helper/ACTION_PLAN.md).

A plan row's target always refers to the authority's own figure for service ``all``,
group ``minoritised``, the action's indicator, ``target_breakdown`` and
``target_measure``; this module is the one place that turns a plan row into that
lookup and into words.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.report.narrative import MEASURE_NAMES, format_value

PLAN_COLUMNS = codes.ACTION_PLAN_COLUMNS
AT_LEAST = "at_least"
AT_MOST = "at_most"
DROPPED = "dropped"
COMPARISON_WORDS = {AT_LEAST: "at least", AT_MOST: "at most"}


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


def indicator_label(indicator: str, breakdown: str = "") -> str:
    """'2: Appointment from shortlisting'; indicator 1 names its band."""
    label = f"{indicator}: {codes.INDICATOR_NAMES[indicator]}"
    if indicator == "1" and breakdown:
        label += f" ({registry.BAND_PHRASES.get(breakdown, breakdown)})"
    return label


def target_value_text(value: float, measure: str) -> str:
    """A target value as the reports print that measure (RL 0.80, share 20.0%, ...)."""
    return format_value(float(value), measure)


def describe_target(action: pd.Series) -> str:
    """'Relative likelihood at least 0.80 by 2026'."""
    measure = str(action["target_measure"])
    comparison = COMPARISON_WORDS[str(action["target_comparison"])]
    value = target_value_text(float(action["target_value"]), measure)
    name = MEASURE_NAMES[measure]
    return f"{name[:1].upper()}{name[1:]} {comparison} {value} by {int(action['target_year'])}"


def meets(value: float, comparison: str, target: float) -> bool:
    """True when ``value`` is on the target's side (the boundary counts as met)."""
    return value >= target if comparison == AT_LEAST else value <= target
