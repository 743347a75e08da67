"""Numbers and GSS shorthand as they appear in reports: one rule per kind of figure.

Relative likelihoods have 2 decimals, percentages 1 decimal, counts a thousands
separator. Rounding is ``disclosure.render_gss``'s (half away from zero on the
number's shortest decimal form), so a sentence and the published CSV never disagree.
Cells that cannot show a number carry the GSS shorthand of ``disclosure.shorthand``:
``[c]`` suppressed, ``[x]`` cannot be calculated or not returned, ``[z]`` does not
exist for this kind of figure. A table that records why its ``[c]`` rows are withheld
(``frame.attrs[WITHHELD_ATTR]``: (row label, reason) pairs) gets a note giving those
reasons, not the general one.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers.disclosure.reasons import REASONS as WITHHELD_REASONS
from scwres_helpers.disclosure.reasons import withheld_reason
from scwres_helpers.disclosure.shorthand import (
    CONFIDENTIAL,
    GSS_NOTES,
    LOW_RELIABILITY,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    codes_used,
    render_gss,
)
from scwres_helpers.report.phrases import say

WITHHELD_ATTR = "withheld"

__all__ = [
    "CONFIDENTIAL",
    "GSS_NOTES",
    "LOW_RELIABILITY",
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "WITHHELD_ATTR",
    "format_count",
    "format_decimal",
    "format_interval",
    "format_percent",
    "format_rl",
    "gss_note",
    "mark_withheld",
    "withheld_note",
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
    withheld = frame.attrs.get(WITHHELD_ATTR)
    return " ".join(withheld_note(withheld) if code == CONFIDENTIAL and withheld else GSS_NOTES[code]
                    for code in codes_used(frame))


def mark_withheld(frame: pd.DataFrame, labelled: list[tuple[str, pd.Series | None]]) -> pd.DataFrame:
    """FRAME, recording why each of the rows it shows is withheld (LABELLED: the label each
    row has in FRAME, and the row of the indicators table behind it), for its note."""
    frame.attrs[WITHHELD_ATTR] = tuple(
        (label, reason) for label, row in labelled
        if row is not None and (reason := withheld_reason(row)) is not None)
    return frame


def withheld_note(withheld: tuple[tuple[str, str], ...]) -> str:
    """The note on a table's [c] cells: one sentence per reason found, naming the rows
    withheld for each only when the table has both kinds (else every [c] is the one kind)."""
    reasons = [reason for reason in WITHHELD_REASONS if any(r == reason for _, r in withheld)]
    both = len(reasons) > 1
    return " ".join(say(f"withheld.note.{reason}",
                        rows=[label for label, r in withheld if r == reason] if both else [])
                    for reason in reasons)
