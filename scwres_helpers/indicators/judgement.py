"""What a relative likelihood's assessment means for minoritised staff: one judgement.

The indicators table says whether an interval lies above or below 1
(``assessment``); whether that is *adverse* depends on the indicator (and for
indicator 1 on the pay band: ``registry.adverse_direction``). Every table cell,
sentence, chart marker, count of authorities and published workbook cell that
judges a figure does it here, so they cannot disagree.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import registry
from scwres_helpers.codes import ALL_SERVICES, MINORITISED
from scwres_helpers.indicators.select import COMPLETE, RL, SUPPRESSED, row_state, select

# The judgements.
NOT_ASSESSED = "not_assessed"  # no interval (or not assessed in the table)
NO_CLEAR_DIFFERENCE = "no_clear_difference"  # the interval includes 1
CLEAR = "clear"  # a clear difference where neither direction is adverse
ADVERSE = "adverse"  # a clear difference in the adverse direction
NOT_ADVERSE = "not_adverse"  # a clear difference in the other direction
JUDGEMENTS = (NOT_ASSESSED, NO_CLEAR_DIFFERENCE, CLEAR, ADVERSE, NOT_ADVERSE)
CLEAR_ASSESSMENTS = (registry.MORE_LIKELY, registry.LESS_LIKELY)


def judgement(assessment: str, indicator: str, breakdown: str = "") -> str:
    """The judgement of an ``assessment`` code of the indicators table."""
    if assessment not in CLEAR_ASSESSMENTS:
        return NO_CLEAR_DIFFERENCE if assessment == NO_CLEAR_DIFFERENCE else NOT_ASSESSED
    direction = registry.adverse_direction(indicator, breakdown)
    if direction is None:
        return CLEAR
    return ADVERSE if assessment == direction else NOT_ADVERSE


def row_judgement(row: pd.Series) -> str | None:
    """The judgement of one row; None for a suppressed row (its assessment is hidden)."""
    state = row_state(row)
    if state == SUPPRESSED:
        return None
    if state != COMPLETE:
        return NOT_ASSESSED
    return judgement(str(row["assessment"]), str(row["indicator"]), str(row["breakdown"]))


def is_adverse(row: pd.Series) -> bool:
    """True when the interval shows a clear difference in the adverse direction."""
    return row_judgement(row) == ADVERSE


def is_clear(row: pd.Series | None) -> bool:
    """True when the row has an interval wholly above or below 1 (adverse or not)."""
    return row is not None and row_judgement(row) in (CLEAR, ADVERSE, NOT_ADVERSE)


def authority_assessment_counts(rows: pd.DataFrame, indicator: str, breakdown: str = "") -> dict[str, int]:
    """How many authorities' minoritised RLs (all services) fall in each publishable state.

    Keys: total, adverse, other_clear (clear, not adverse; or clear where no direction is
    adverse), no_clear, not_assessed (a value without an interval, or no value), suppressed.
    A suppressed row counts only as suppressed: its assessment is a derived figure that
    disclosure control hides.
    """
    chosen = select(rows, scope="authority", indicator=indicator, measure=RL,
                    group=MINORITISED, service=ALL_SERVICES, breakdown=breakdown)
    counts = dict.fromkeys(("total", "adverse", "other_clear", "no_clear", "not_assessed", "suppressed"), 0)
    key = {None: "suppressed", NOT_ASSESSED: "not_assessed", ADVERSE: "adverse", CLEAR: "other_clear",
           NOT_ADVERSE: "other_clear", NO_CLEAR_DIFFERENCE: "no_clear"}
    for _, row in chosen.iterrows():
        counts["total"] += 1
        counts[key[row_judgement(row)]] += 1
    return counts
