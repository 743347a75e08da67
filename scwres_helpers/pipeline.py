"""The publication process, top to bottom: read and validate -> indicators -> build.

This module reads like the yearly process itself; each step is a call into the
stage package that does the work.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.intake import YearReturns, load_year


def indicators_for_year(
    returns_root: Path, year: int, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
) -> tuple[pd.DataFrame, YearReturns]:
    """Validate every return of YEAR and compute the indicators of the valid ones."""
    loaded = load_year(returns_root, year)
    table = compute_indicators(list(loaded.returns.values()), year, threshold=threshold)
    return table, loaded
