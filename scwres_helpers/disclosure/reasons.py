"""Why a figure is withheld: too few people, or so that a small number cannot be worked out.

A withheld figure shows ``[c]`` either way, but readers are owed the reason, and the two
differ (spec: indicators.md, "Disclosure control"):

- ``TOO_FEW`` (primary suppression): the figure's own counts include one from 1 to
  threshold - 1, or leave that many people of a group without the outcome ("7 of 8");
- ``PROTECTS_ANOTHER`` (secondary suppression): its own counts are not small, but shown
  beside the other published figures it would let a reader work out a small count that
  is withheld elsewhere, by subtraction (``national_tables``), or it belongs to a
  breakdown the tables do not publish for that reason (indicator 1 by service).

Every suppression is one or the other, so the reason of a withheld row follows from its
own counts by the primary rule itself (``primary.disclosive_rows``): no second record of
which rows the secondary engine chose is needed, and the reason cannot disagree with it.
The rows a report reads are marked once, on loading, in the column ``REASON_COLUMN``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD
from scwres_helpers.disclosure.primary import disclosive_rows, primary_mask

TOO_FEW = "too_few"
PROTECTS_ANOTHER = "protects_another"
REASONS = (TOO_FEW, PROTECTS_ANOTHER)
REASON_COLUMN = "withheld_reason"
_COUNTS = ("numerator_group", "denominator_group", "numerator_white", "denominator_white")


def withheld_reasons(rows: pd.DataFrame, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> np.ndarray:
    """For each row of an indicators table: '' when shown, else why it is withheld."""
    suppressed = rows["suppressed"].to_numpy(dtype=bool)
    small = disclosive_rows(*(rows[c] for c in _COUNTS), threshold=threshold)
    # Each cell refers to one of three string objects (not a string of its own per row,
    # as numpy's text array turned into objects gave: 60 MB of them at 2,000 organisations).
    reasons = np.full(len(suppressed), "", dtype=object)
    small = np.asarray(small, dtype=bool)
    reasons[suppressed & small] = TOO_FEW
    reasons[suppressed & ~small] = PROTECTS_ANOTHER
    return reasons


def with_withheld_reasons(rows: pd.DataFrame, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """A copy of ROWS with ``REASON_COLUMN`` filled in (the rows themselves are shared, never changed)."""
    marked = rows.copy(deep=False)
    marked[REASON_COLUMN] = withheld_reasons(rows, threshold)
    return marked


def withheld_reason(row: pd.Series) -> str | None:
    """Why this row is withheld (``TOO_FEW`` or ``PROTECTS_ANOTHER``); None when it is shown.

    A row without a reason of its own (not marked by ``with_withheld_reasons``) is an
    authority's row, which only primary suppression can withhold.
    """
    if not bool(row["suppressed"]):
        return None
    reason = row.get(REASON_COLUMN)
    return reason if reason in REASONS else TOO_FEW


def cell_reasons(counts: pd.DataFrame, withheld: pd.DataFrame,
                 threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """For a count table and its withheld mask: '' where shown, else each cell's reason."""
    if not (counts.index.equals(withheld.index) and counts.columns.equals(withheld.columns)):
        raise ValueError("the withheld mask must have the table's labels")
    small = primary_mask(counts, threshold).to_numpy()
    hidden = withheld.to_numpy(dtype=bool)
    reasons = np.where(~hidden, "", np.where(small, TOO_FEW, PROTECTS_ANOTHER)).astype(object)
    return pd.DataFrame(reasons, index=counts.index, columns=counts.columns)
