"""Primary suppression: the small counts themselves (spec: indicators.md, "Disclosure control").

Two forms of the one rule. A cell of a count table is disclosive when it is a count from
1 to threshold - 1 (``primary_mask``). A row of the indicators table is disclosive when
any of its four counts is, or either complement (n_g - a_g, n_w - a_w: the people
without the outcome) is: "7 of 8 accessed CPD" singles out the one who did not as surely
as "1 of 8" would (``row_is_disclosive``, ``disclosive_rows``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD


def _check_threshold(threshold: int) -> None:
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")


def is_disclosive(counts: Iterable[int | None], threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> bool:
    """True when any count is between 1 and threshold - 1 (zeros and blanks are safe)."""
    return any(c is not None and 0 < c < threshold for c in counts)


def complements(a_g: int | None, n_g: int | None, a_w: int | None, n_w: int | None) -> tuple[int | None, int | None]:
    """(n_g - a_g, n_w - a_w): the people without the outcome; None where a count is blank."""
    group = None if a_g is None or n_g is None else n_g - a_g
    white = None if a_w is None or n_w is None else n_w - a_w
    return group, white


def row_is_disclosive(
    a_g: int | None,
    n_g: int | None,
    a_w: int | None,
    n_w: int | None,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
) -> bool:
    """True when any of the row's four counts or two complements is from 1 to threshold - 1.

    For ``DQ / share_unknown`` the white counts are blank, so the counts judged are the
    unknown headcount, the total and (as the complement) the known headcount.
    """
    _check_threshold(threshold)
    return is_disclosive((a_g, n_g, a_w, n_w, *complements(a_g, n_g, a_w, n_w)), threshold)


def disclosive_rows(
    a_g: ArrayLike,
    n_g: ArrayLike,
    a_w: ArrayLike,
    n_w: ArrayLike,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
) -> np.ndarray:
    """``row_is_disclosive`` for whole columns at once (NaN/NA counts are blanks)."""
    _check_threshold(threshold)
    a_g, n_g, a_w, n_w = (
        pd.array(np.atleast_1d(np.asarray(v, dtype=object)), dtype="Float64").to_numpy(
            dtype="float64", na_value=np.nan
        )
        for v in (a_g, n_g, a_w, n_w)
    )
    judged = (a_g, n_g, a_w, n_w, n_g - a_g, n_w - a_w)  # NaN propagates: a blank complement
    with np.errstate(invalid="ignore"):
        small = [(c > 0) & (c < threshold) for c in judged]
    return np.logical_or.reduce(small)


def primary_mask(counts: pd.DataFrame, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> pd.DataFrame:
    """True where a cell is a count from 1 to threshold - 1.

    Zeros are published: "nobody" identifies no one. Blank cells (NaN/NA) are not
    counts and are never flagged. The rule is the same as ``is_disclosive`` cell by cell;
    in a count table the complements are the differences from the totals, which
    secondary suppression and the audit deal with.
    """
    _check_threshold(threshold)
    try:
        values = counts.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise TypeError("primary_mask needs numeric counts") from error
    with np.errstate(invalid="ignore"):
        flagged = (values > 0) & (values < threshold)
    return pd.DataFrame(flagged, index=counts.index, columns=counts.columns)
