"""Numbers and GSS shorthand as they appear in reports: one rule per kind of figure.

Relative likelihoods have 2 decimals, percentages 1 decimal, counts a thousands
separator. Rounding is ``disclosure.render_gss``'s (half away from zero on the
number's shortest decimal form), so a sentence and the published CSV never disagree.
Cells that cannot show a number carry the GSS shorthand of ``disclosure.shorthand``:
``[c]`` suppressed, ``[x]`` cannot be calculated or not returned, ``[z]`` does not
exist for this kind of figure.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers.disclosure.shorthand import (
    CONFIDENTIAL,
    GSS_NOTES,
    LOW_RELIABILITY,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    codes_used,
    render_gss,
)

__all__ = [
    "CONFIDENTIAL",
    "GSS_NOTES",
    "LOW_RELIABILITY",
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "format_count",
    "format_decimal",
    "format_interval",
    "format_percent",
    "format_rl",
    "gss_note",
]


def format_decimal(x: float, decimals: int) -> str:
    """A number with exactly ``decimals`` places, rounded as in the published tables."""
    return render_gss(float(x), decimals=decimals)


_fixed = format_decimal


def format_rl(x: float) -> str:
    """A relative likelihood: 2 decimals; an exact zero (no events) is printed as 0."""
    return "0" if x == 0 else _fixed(x, 2)


def format_percent(x: float) -> str:
    """A percentage (already ×100): 1 decimal and a per cent sign."""
    return _fixed(x, 1) + "%"


def format_pp(x: float) -> str:
    """A difference in percentage points, 1 decimal, signed only when negative."""
    return _fixed(x, 1)


def format_count(x: float) -> str:
    """A count with a thousands separator."""
    return f"{int(x):,}"


def format_interval(lower: float, upper: float, fmt=format_rl) -> str:
    """An interval in words: '0.41 to 0.66'."""
    return f"{fmt(lower)} to {fmt(upper)}"


def gss_note(frame: pd.DataFrame) -> str:
    """The notes explaining each GSS code used in ``frame`` ('' when none is used)."""
    return " ".join(GSS_NOTES[code] for code in codes_used(frame))
