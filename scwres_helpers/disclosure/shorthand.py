"""GSS shorthand for table cells, and how numbers are written for people.

Government statistical tables leave no cell blank: a missing figure carries a code
in square brackets saying why, and the table notes explain each code used.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD

CONFIDENTIAL = "[c]"
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"
LOW_RELIABILITY = "[u]"

GSS_NOTES: dict[str, str] = {
    CONFIDENTIAL: (
        "[c] confidential: withheld to protect individuals. The figure is a count of "
        f"1 to {DEFAULT_SUPPRESSION_THRESHOLD - 1} people (or leaves 1 to "
        f"{DEFAULT_SUPPRESSION_THRESHOLD - 1} people of its group without the outcome), is "
        "calculated from such a count, or would allow one to be worked out from the totals."
    ),
    NOT_AVAILABLE: (
        "[x] not available: the figure cannot be calculated from the data, for example "
        "because there are no staff in the group or no white staff to compare with, or no "
        "white staff had the outcome (so a relative likelihood cannot be calculated)."
    ),
    NOT_APPLICABLE: (
        "[z] not applicable: the figure does not exist for this row, for example an "
        "interval for a difference in percentage points, an assessment for a share, or "
        "white staff counts for the share of unknown ethnicity."
    ),
    LOW_RELIABILITY: (
        "[u] low reliability: the figure is based on few people and should be treated "
        "with caution."
    ),
}


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas NA/NaT and the empty string."""
    if isinstance(value, str):
        return value == ""
    return value is None or bool(pd.isna(value))


def render_gss(
    value: Any,
    *,
    suppressed: bool = False,
    not_applicable: bool = False,
    decimals: int | None = None,
) -> str:
    """One table cell as text.

    Precedence: ``not_applicable`` gives ``[z]`` (it is known from the row's kind, not
    its data, so it reveals nothing); then ``suppressed`` gives ``[c]``; then a missing
    value gives ``[x]``. Strings pass through; booleans are ``true``/``false``. Numbers
    with ``decimals=None`` must be whole (counts, written plainly without separators
    so the CSV stays machine-readable); otherwise they are rounded half away from zero
    on their shortest decimal form (2.675 -> 2.68, as a reader expects from the CSV),
    with exactly ``decimals`` places and no negative zero.
    """
    if not_applicable:
        return NOT_APPLICABLE
    if suppressed:
        return CONFIDENTIAL
    if is_missing(value):
        return NOT_AVAILABLE
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if not isinstance(value, numbers.Real):
        raise TypeError(f"cannot render {value!r} as a table cell")
    if not math.isfinite(value):
        raise ValueError(f"cannot publish a non-finite number: {value!r}")
    if decimals is None:
        if value != int(value):
            raise ValueError(f"{value!r} is not a whole number; give decimals")
        return str(int(value))
    return f"{round_half_up(float(value), decimals):f}"


def round_half_up(value: float, decimals: int) -> Decimal:
    """VALUE rounded half away from zero on its shortest decimal form, with exactly DECIMALS
    places and no negative zero (``render_gss``'s rule); a non-finite VALUE is refused."""
    if not math.isfinite(value):
        raise ValueError(f"cannot publish a non-finite number: {value!r}")
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    rounded = Decimal(repr(value)).quantize(_quantum(decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


@lru_cache(maxsize=None)
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def codes_used(frame: pd.DataFrame | pd.Series) -> list[str]:
    """The shorthand codes appearing as whole cells, in the order of ``GSS_NOTES``:
    the notes a published table needs."""
    present = set(frame.to_numpy().ravel().tolist())
    return [code for code in GSS_NOTES if code in present]
