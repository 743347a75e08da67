"""Primary suppression: the small counts themselves (spec: indicators.md, "Disclosure control")."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD


def is_disclosive(counts: Iterable[int | None], threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> bool:
    """True when any count is between 1 and threshold - 1 (zeros and blanks are safe)."""
    return any(c is not None and 0 < c < threshold for c in counts)


def primary_mask(counts: pd.DataFrame, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """True where a cell is a count from 1 to threshold - 1.

    Zeros are published: "nobody" identifies no one. Blank cells (NaN/NA) are not
    counts and are never flagged. The rule is the same as ``is_disclosive`` cell by cell.
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    try:
        values = counts.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise TypeError("primary_mask needs numeric counts") from error
    with np.errstate(invalid="ignore"):
        flagged = (values > 0) & (values < threshold)
    return pd.DataFrame(flagged, index=counts.index, columns=counts.columns)
