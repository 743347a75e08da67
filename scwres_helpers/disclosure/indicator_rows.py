"""The tidy indicators table made fit to publish: text cells, GSS codes, rounding.

Rounding (half away from zero on the figure's shortest decimal form, see
``render_gss``):
- counts: plain integers, no thousands separators (machine-readable CSV);
- relative likelihoods and their intervals: 2 decimal places;
- rates of relative-likelihood rows (proportions, 0-1): 4 decimal places, so that a
  rare outcome with at least 5 events among tens of thousands of staff is not shown as 0;
- shares (share_minoritised, share_unknown, their rates and intervals): 3 decimal places;
- percentages (percent_experienced) and percentage points (gap_pp): 1 decimal place.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD, INDICATOR_TABLE_COLUMNS
from scwres_helpers.disclosure.primary import row_is_disclosive
from scwres_helpers.disclosure.shorthand import CONFIDENTIAL, NOT_APPLICABLE, is_missing, render_gss, round_half_up

IDENTIFIER_COLUMNS = (
    "year", "scope", "authority_code", "service", "group", "indicator", "breakdown", "measure",
)
COUNT_COLUMNS = ("numerator_group", "denominator_group", "numerator_white", "denominator_white")
FIGURE_COLUMNS = ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")
# Everything computed from the four counts; a suppressed row hides all of it.
# The flag is included: "zero_events" or "reference_zero" would reveal a count.
DERIVED_COLUMNS = (*FIGURE_COLUMNS, "assessment", "flag")

_RL_RATE, _RL, _SHARE, _PERCENT = 4, 2, 3, 1
DECIMALS: dict[str, dict[str, int]] = {
    "relative_likelihood": {
        "rate_group": _RL_RATE,
        "rate_white": _RL_RATE,
        "value": _RL,
        "ci_lower": _RL,
        "ci_upper": _RL,
    },
    "share_minoritised": dict.fromkeys(FIGURE_COLUMNS, _SHARE),
    "percent_experienced": dict.fromkeys(FIGURE_COLUMNS, _PERCENT),
    "gap_pp": dict.fromkeys(FIGURE_COLUMNS, _PERCENT),
    "share_unknown": dict.fromkeys(FIGURE_COLUMNS, _SHARE),
}

# Cells that are empty by definition of the measure (indicators-table.md): [z], not [x].
_NO_ASSESSMENT = {"assessment"}
NOT_APPLICABLE_COLUMNS: dict[str, frozenset[str]] = {
    "relative_likelihood": frozenset(),
    "share_minoritised": frozenset(_NO_ASSESSMENT),
    "percent_experienced": frozenset(_NO_ASSESSMENT),
    "gap_pp": frozenset({"rate_group", "rate_white", "ci_lower", "ci_upper", *_NO_ASSESSMENT}),
    "share_unknown": frozenset(
        {"numerator_white", "denominator_white", *FIGURE_COLUMNS, *_NO_ASSESSMENT} - {"value"}
    ),
}


def publishable_indicators(
    df: pd.DataFrame, *, threshold: int | None = DEFAULT_SUPPRESSION_THRESHOLD
) -> pd.DataFrame:
    """The contract's columns, in order, all as text with no blank cell.

    Suppressed rows show ``[c]`` for the four counts and everything derived from them
    (rates, value, interval, assessment, flag), except cells that the measure never has,
    which stay ``[z]``. Elsewhere an empty cell is ``[z]`` when the measure never has it
    (and for an empty breakdown, group or flag) and ``[x]`` when it could not be
    calculated. As a last guard, an unsuppressed row with a count from 1 to
    ``threshold - 1`` is refused (pass ``threshold=None`` to skip the check).
    """
    missing = [c for c in INDICATOR_TABLE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"indicators table lacks columns: {missing}")
    records = df.loc[:, list(INDICATOR_TABLE_COLUMNS)].to_dict("records")
    rows = [_publish_row(row, threshold) for row in records]
    frame = pd.DataFrame(rows, columns=list(INDICATOR_TABLE_COLUMNS), dtype="str")
    frame.index = df.index
    return frame


def _publish_row(row: dict, threshold: int | None) -> dict[str, str]:
    measure = row["measure"]
    if measure not in NOT_APPLICABLE_COLUMNS:
        raise ValueError(f"unknown measure {measure!r}")
    suppressed = row["suppressed"]
    if not isinstance(suppressed, (bool, np.bool_)):
        raise ValueError(f"suppressed must be true or false, got {suppressed!r}")
    suppressed = bool(suppressed)
    counts = [None if is_missing(row[c]) else row[c] for c in COUNT_COLUMNS]
    if threshold is not None and not suppressed and row_is_disclosive(*counts, threshold=threshold):
        raise ValueError(
            f"row {_describe(row)} has a count or complement below {threshold} but is not suppressed"
        )
    out: dict[str, str] = {}
    for column in IDENTIFIER_COLUMNS:
        value = row[column]
        out[column] = NOT_APPLICABLE if is_missing(value) else render_gss(value)
    for column in (*COUNT_COLUMNS, *DERIVED_COLUMNS):
        out[column] = _publish_cell(row[column], column, measure, suppressed)
    out["suppressed"] = render_gss(suppressed)
    return out


def _publish_cell(value: object, column: str, measure: str, suppressed: bool) -> str:
    empty = is_missing(value)
    if empty and column in NOT_APPLICABLE_COLUMNS[measure]:
        return NOT_APPLICABLE  # known from the measure alone, so it reveals nothing
    if suppressed:
        return CONFIDENTIAL
    if empty and column == "flag":
        return NOT_APPLICABLE  # no flag: none of the zero cases applies
    return render_gss(value, decimals=DECIMALS[measure].get(column))


WHITE_COUNTS = ("numerator_white", "denominator_white")
# Measures whose white rate is a_w / n_w, from the white counts alone (a share's "white
# rate" is 1 minus the group's share, so it is not among them).
WHITE_RATE_MEASURES = frozenset({"relative_likelihood", "percent_experienced"})


def white_rate_text(row: pd.Series | dict) -> str | None:
    """The published white rate of a row whose white counts are published, or None when
    the measure's white rate depends on the group's counts (shares) or there is none."""
    measure = str(row["measure"])
    if measure not in WHITE_RATE_MEASURES or is_missing(row["rate_white"]):
        return None
    return render_gss(row["rate_white"], decimals=DECIMALS[measure]["rate_white"])


def _describe(row: dict) -> str:
    return "/".join(str(row[k]) for k in IDENTIFIER_COLUMNS)


def published_value(value: float, measure: str) -> float:
    """A figure's value as the published tables round it (relative likelihoods to 2 places)."""
    return float(round_half_up(float(value), DECIMALS[measure]["value"]))


def published_values(values: pd.Series, measures: pd.Series) -> pd.Series:
    """``published_value`` of each value (NaN stays NaN), each measure's places looked up
    once: the peers' 30,000 values were a tenth of a second of a one-authority rerun."""
    places = {measure: DECIMALS[measure]["value"] for measure in set(measures.astype(str))}
    missing = values.isna().to_numpy()
    rounded = [math.nan if gone else float(round_half_up(float(v), places[str(m)]))
               for v, m, gone in zip(values.tolist(), measures.tolist(), missing)]
    return pd.Series(rounded, index=values.index, dtype=float)
