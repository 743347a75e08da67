"""The indicator arithmetic of the SC-WRES (``shared/spec/indicators.md``).

``counts`` sums the returns into group counts, ``measures`` turns counts into a row's
figures with ``intervals``, ``table`` assembles the tidy indicators table and ``io``
writes and reads it as CSV.
"""

from scwres_helpers.indicators.counts import Counts, count_returns, group_counts, pool
from scwres_helpers.indicators.intervals import katz_interval, wilson_interval
from scwres_helpers.indicators.io import read_indicators_csv, write_indicators_csv
from scwres_helpers.indicators.measures import (
    gap_pp,
    percent_experienced,
    relative_likelihood,
    share_minoritised,
    share_unknown,
)
from scwres_helpers.indicators.table import compute_indicators

__all__ = [
    "Counts",
    "compute_indicators",
    "count_returns",
    "gap_pp",
    "group_counts",
    "katz_interval",
    "percent_experienced",
    "pool",
    "read_indicators_csv",
    "relative_likelihood",
    "share_minoritised",
    "share_unknown",
    "wilson_interval",
    "write_indicators_csv",
]
