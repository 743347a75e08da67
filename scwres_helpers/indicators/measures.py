"""The arithmetic of one indicators-table row, from its counts to its computed columns.

Every function takes whole columns of counts (array-likes of equal length, or scalars)
and returns a DataFrame with the row's four count columns (as the contract in
``indicators-table.md`` defines them for that measure) and its computed columns. They are
pure and vectorised so that a national run of every authority is one pass per measure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from scwres_helpers import codes
from scwres_helpers.indicators.intervals import adjusted_log_bounds, katz_bounds, wilson_bounds

COUNT_COLUMNS = ("numerator_group", "denominator_group", "numerator_white", "denominator_white")
COMPUTED_COLUMNS = ("rate_group", "rate_white", "value", "ci_lower", "ci_upper", "assessment", "flag")
MEASURE_COLUMNS = COUNT_COLUMNS + COMPUTED_COLUMNS

NO_DENOMINATOR = "no_denominator"
REFERENCE_ZERO = "reference_zero"
ZERO_EVENTS = "zero_events"
MORE_LIKELY = "more_likely"
LESS_LIKELY = "less_likely"
NO_CLEAR_DIFFERENCE = "no_clear_difference"
NOT_ASSESSED = "not_assessed"

_NAN = np.float64("nan")


def _counts(*values: ArrayLike) -> list[np.ndarray]:
    """Counts as equal-length int64 arrays (scalars broadcast to the common length)."""
    arrays = [np.atleast_1d(np.asarray(v, dtype="int64")) for v in values]
    return list(np.broadcast_arrays(*arrays))


def _ratio(numerator: np.ndarray, denominator: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """scale * numerator / denominator, NaN where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = scale * (numerator / denominator)
    return np.where(denominator > 0, ratio, _NAN)


def _frame(
    counts: tuple[ArrayLike, ArrayLike, ArrayLike | None, ArrayLike | None],
    rate_group: np.ndarray,
    rate_white: np.ndarray,
    value: np.ndarray,
    ci: tuple[np.ndarray, np.ndarray],
    assessment: np.ndarray,
    flag: np.ndarray,
) -> pd.DataFrame:
    length = len(value)
    columns: dict[str, object] = {}
    for name, column in zip(COUNT_COLUMNS, counts):
        if column is None:
            columns[name] = pd.array([pd.NA] * length, dtype="Int64")
        else:
            columns[name] = pd.array(np.asarray(column, dtype="int64"), dtype="Int64")
    columns["rate_group"] = np.asarray(rate_group, dtype="float64")
    columns["rate_white"] = np.asarray(rate_white, dtype="float64")
    columns["value"] = np.asarray(value, dtype="float64")
    columns["ci_lower"] = np.asarray(ci[0], dtype="float64")
    columns["ci_upper"] = np.asarray(ci[1], dtype="float64")
    columns["assessment"] = pd.array(np.asarray(assessment, dtype=object), dtype="str")
    columns["flag"] = pd.array(np.asarray(flag, dtype=object), dtype="str")
    return pd.DataFrame(columns)


def _blank(length: int) -> np.ndarray:
    return np.full(length, "", dtype=object)


def _nans(length: int) -> np.ndarray:
    return np.full(length, _NAN)


def assess(ci_lower: ArrayLike, ci_upper: ArrayLike) -> np.ndarray:
    """more_likely if the interval lies above 1, less_likely if below, not_assessed if absent."""
    lower = np.atleast_1d(np.asarray(ci_lower, dtype="float64"))
    upper = np.atleast_1d(np.asarray(ci_upper, dtype="float64"))
    return np.select(
        [np.isnan(lower) | np.isnan(upper), lower > 1.0, upper < 1.0],
        [NOT_ASSESSED, MORE_LIKELY, LESS_LIKELY],
        default=NO_CLEAR_DIFFERENCE,
    ).astype(object)


def relative_likelihood(
    a_g: ArrayLike, n_g: ArrayLike, a_w: ArrayLike, n_w: ArrayLike, z: float = codes.Z_95
) -> pd.DataFrame:
    """RL = (a_g/n_g)/(a_w/n_w) with its Katz interval, flag and assessment.

    Flags, first that applies: no_denominator (n_g or n_w is 0), reference_zero
    (a_w = 0: RL would be infinite or 0/0, no interval), zero_events (a_g = 0: RL = 0
    with the adjusted-log interval, so that a zero among many people is assessed).
    """
    a_g, n_g, a_w, n_w = _counts(a_g, n_g, a_w, n_w)
    rate_group = _ratio(a_g, n_g)
    rate_white = _ratio(a_w, n_w)
    no_denominator = (n_g == 0) | (n_w == 0)
    reference_zero = ~no_denominator & (a_w == 0)
    zero_events = ~no_denominator & ~reference_zero & (a_g == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(no_denominator | reference_zero, _NAN, rate_group / rate_white)
    lower, upper = katz_bounds(a_g, n_g, a_w, n_w, z)
    adjusted_lower, adjusted_upper = adjusted_log_bounds(a_g, n_g, a_w, n_w, z)
    lower = np.where(zero_events, adjusted_lower, lower)
    upper = np.where(zero_events, adjusted_upper, upper)
    flag = np.select(
        [no_denominator, reference_zero, zero_events],
        [NO_DENOMINATOR, REFERENCE_ZERO, ZERO_EVENTS],
        default="",
    ).astype(object)
    return _frame((a_g, n_g, a_w, n_w), rate_group, rate_white, value, (lower, upper), assess(lower, upper), flag)


def share_minoritised(x: ArrayLike, w: ArrayLike, z: float = codes.Z_95) -> pd.DataFrame:
    """Share x/(x+w) of the compared group among group + white staff, with its Wilson interval.

    Count columns: numerator_group = x, denominator_group = x + w, numerator_white = w,
    denominator_white = x + w; so rate_group is the share and rate_white white staff's share.
    """
    x, w = _counts(x, w)
    total = x + w
    share = _ratio(x, total)
    lower, upper = wilson_bounds(x, total, z)
    flag = np.where(total == 0, NO_DENOMINATOR, "").astype(object)
    return _frame((x, total, w, total), share, _ratio(w, total), share, (lower, upper), _blank(len(x)), flag)


def percent_experienced(
    a_g: ArrayLike, n_g: ArrayLike, a_w: ArrayLike, n_w: ArrayLike, z: float = codes.Z_95
) -> pd.DataFrame:
    """100 x a_g/n_g with a Wilson interval (x100); white staff's percentage in rate_white.

    Flagged no_denominator only when the group's own n_g is 0; a missing white
    denominator only empties rate_white, since the value does not depend on it.
    """
    a_g, n_g, a_w, n_w = _counts(a_g, n_g, a_w, n_w)
    rate_group = _ratio(a_g, n_g, 100.0)
    lower, upper = wilson_bounds(a_g, n_g, z)
    flag = np.where(n_g == 0, NO_DENOMINATOR, "").astype(object)
    return _frame(
        (a_g, n_g, a_w, n_w),
        rate_group,
        _ratio(a_w, n_w, 100.0),
        rate_group,
        (100.0 * lower, 100.0 * upper),
        _blank(len(a_g)),
        flag,
    )


def gap_pp(x_senior: ArrayLike, w_senior: ArrayLike, x_all: ArrayLike, w_all: ArrayLike) -> pd.DataFrame:
    """100 x (group share among senior managers - group share of the whole workforce).

    Both shares are group/(group + white). Count columns are those of the matching
    share_minoritised row (senior managers); rates and interval are empty.
    """
    x_senior, w_senior, x_all, w_all = _counts(x_senior, w_senior, x_all, w_all)
    senior_total = x_senior + w_senior
    all_total = x_all + w_all
    gap = 100.0 * (_ratio(x_senior, senior_total) - _ratio(x_all, all_total)) + 0.0  # no -0.0
    flag = np.where((senior_total == 0) | (all_total == 0), NO_DENOMINATOR, "").astype(object)
    length = len(x_senior)
    return _frame(
        (x_senior, senior_total, w_senior, senior_total),
        _nans(length),
        _nans(length),
        gap,
        (_nans(length), _nans(length)),
        _blank(length),
        flag,
    )


def share_unknown(unknown: ArrayLike, total: ArrayLike) -> pd.DataFrame:
    """Data quality: unknown-ethnicity headcount / total headcount (incl. unknown), 0-1.

    Only numerator_group and denominator_group are filled; no interval, because this
    describes the records themselves rather than estimating anything.
    """
    unknown, total = _counts(unknown, total)
    length = len(unknown)
    flag = np.where(total == 0, NO_DENOMINATOR, "").astype(object)
    return _frame(
        (unknown, total, None, None),
        _nans(length),
        _nans(length),
        _ratio(unknown, total),
        (_nans(length), _nans(length)),
        _blank(length),
        flag,
    )
