"""An authority's figures as its public summary may show them (issue 21).

The summary is a public output, so it follows the national report's rules, not the
private report's: a figure is shown only when ``select.publishable_authority_rows``
would show it among every authority's (primary suppression with the complements, and
a second figure held back when exactly one authority's is withheld). A withheld row
keeps its identifiers and nothing else: its counts, rates, value, interval,
assessment and flag are emptied, so no later step can print what was withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure.indicator_rows import COUNT_COLUMNS, DERIVED_COLUMNS
from scwres_helpers.disclosure.reasons import PROTECTS_ANOTHER, REASON_COLUMN, TOO_FEW
from scwres_helpers.indicators.select import RL, publishable_authority_rows, select

# The figures a public summary gives: indicator 1 by reporting band, then each headline
# relative likelihood (minoritised staff compared with white staff, all services).
SUMMARY_FIGURES: tuple[tuple[str, str], ...] = (
    *(("1", band) for band in registry.SHOWN_BANDS),
    *((indicator, "") for indicator in registry.headline_ids()),
)


def public_figure_rows(year_rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Authority code -> its SUMMARY_FIGURES rows of YEAR_ROWS (every authority's rows of
    one year), withheld ones emptied and marked with their reason (``REASON_COLUMN``).

    The figures are picked from the rows every summary figure shares (relative
    likelihoods, minoritised staff, all services) taken once: 57,000 rows a year at 153
    authorities, searched 24 times, were a tenth of a second of a rerun.
    """
    year_rows = select(year_rows, scope="authority", measure=RL, group=codes.MINORITISED,
                       service=codes.ALL_SERVICES)
    parts = []
    for indicator, band in SUMMARY_FIGURES:
        found = select(year_rows, scope="authority", indicator=indicator, measure=RL, group=codes.MINORITISED,
                       service=codes.ALL_SERVICES, breakdown=band)
        shown = publishable_authority_rows(year_rows, indicator, breakdown=band).index
        parts.append(withhold(found, ~found.index.isin(shown)))
    if not parts:
        return {}
    rows = pd.concat(parts)
    return {code: frame.reset_index(drop=True) for code, frame in rows.groupby("authority_code", sort=True)}


def withhold(rows: pd.DataFrame, withheld: np.ndarray) -> pd.DataFrame:
    """A copy of ROWS with the WITHHELD ones, and those suppressed already, suppressed and
    emptied: too few when the row was suppressed already, else protecting another
    authority's figure."""
    out = rows.copy()
    already = out["suppressed"].to_numpy(dtype=bool)
    hidden = already | np.asarray(withheld, dtype=bool)
    out[REASON_COLUMN] = np.where(hidden, np.where(already, TOO_FEW, PROTECTS_ANOTHER), "")
    out["suppressed"] = hidden
    for column in (*COUNT_COLUMNS, *DERIVED_COLUMNS):
        if column in out.columns:
            out[column] = out[column].astype(object).where(~hidden, None)
    return out
