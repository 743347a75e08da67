"""Tables about authorities: the anonymous spread of their values, and, only when the
authorities agreed to be named, each authority's figures.

The spread uses only publishable authority values (``indicators.select.publishable_values``,
which also leaves out a complement when exactly one authority is withheld) and the same
counts of clear adverse differences as the national chapters, so the tables and the
site agree. No authority code or name appears unless ``authority_values_table`` is used.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure import publishable_indicators, render_gss
from scwres_helpers.disclosure.shorthand import NOT_APPLICABLE, NOT_AVAILABLE
from scwres_helpers.indicators.select import publishable_values
from scwres_helpers.publish.data_sheets import (
    COUNT,
    REPORTING_BANDS,
    RL,
    RL_INDICATORS,
    DataTable,
    indicator_name,
    ordered,
    rl_band_cells,
    text_frame,
)
from scwres_helpers.report.national_indicator import authority_assessment_counts

# --- (f) distribution of authority values ---------------------------------------------

def distribution_table(year_rows: pd.DataFrame, year: int) -> DataTable:
    """For each indicator: how many authorities, and the spread of their publishable values."""
    columns = ["Indicator", "Indicator name", "Pay band", "Authorities with a published value",
               "Lowest", "Lower quartile", "Median", "Upper quartile", "Highest",
               "Authorities with a clear adverse difference", "Authorities whose figure is withheld"]
    records = []
    for indicator, band in [("1", b) for b in REPORTING_BANDS] + [(i, "") for i in RL_INDICATORS]:
        values = publishable_values(year_rows, indicator, breakdown=band).to_numpy(dtype=float)
        counts = authority_assessment_counts(year_rows, indicator, band)
        if len(values):
            low, q1, median, q3, high = np.percentile(values, [0, 25, 50, 75, 100])  # linear
            spread = [render_gss(float(v), decimals=2) for v in (low, q1, median, q3, high)]
        else:
            spread = [NOT_AVAILABLE] * 5
        adverse = (str(counts["adverse"]) if registry.adverse_direction(indicator, band) is not None else NOT_APPLICABLE)
        records.append({
            "Indicator": indicator,
            "Indicator name": indicator_name(indicator),
            "Pay band": registry.BAND_LABELS[band] if indicator == "1" else NOT_APPLICABLE,
            "Authorities with a published value": str(len(values)),
            "Lowest": spread[0], "Lower quartile": spread[1], "Median": spread[2],
            "Upper quartile": spread[3], "Highest": spread[4],
            "Authorities with a clear adverse difference": adverse,
            "Authorities whose figure is withheld": str(counts["suppressed"]),
        })
    return DataTable(
        name="distribution",
        sheet="Distribution",
        title=f"How authorities' relative likelihoods for minoritised staff are spread, all services, {year}",
        subtitles=(
            "Computed from the authorities' publishable figures only; no authority is named "
            "$$distribution$$$$assessment$$",
        ),
        frame=text_frame(records, columns),
        decimals={"Authorities with a published value": COUNT, "Lowest": 2, "Lower quartile": 2,
                  "Median": 2, "Upper quartile": 2, "Highest": 2,
                  "Authorities with a clear adverse difference": COUNT,
                  "Authorities whose figure is withheld": COUNT},
        notes=("distribution", "assessment"),
    )


# --- authority values (only when the authorities agreed to be named) -------------------

def authority_values_table(
    year_rows: pd.DataFrame, threshold: int, names: Mapping[str, str] | None, year: int
) -> DataTable:
    """Each authority's relative likelihoods for minoritised staff, all services (no counts)."""
    chosen = year_rows[(year_rows["scope"] == "authority") & (year_rows["measure"] == RL)
                       & (year_rows["service"] == codes.ALL_SERVICES) & (year_rows["group"] == codes.MINORITISED)]
    chosen = chosen[(chosen["indicator"] != "1") | chosen["breakdown"].isin(REPORTING_BANDS)]
    chosen = ordered(chosen, authority_code=tuple(sorted(set(chosen["authority_code"]))),
                      indicator=("1", *RL_INDICATORS), breakdown=("", *REPORTING_BANDS))
    text = publishable_indicators(chosen, threshold=threshold)
    columns = ["Authority code", "Authority name", "Indicator", "Indicator name", "Pay band",
               "Relative likelihood", "Lower 95% limit", "Upper 95% limit", "Assessment"]
    names = names or {}
    records = []
    for _, row in text.iterrows():
        code = row["authority_code"]
        records.append({
            "Authority code": code,
            "Authority name": names.get(code, NOT_AVAILABLE),
            **rl_band_cells(row),
        })
    return DataTable(
        name="authority_values",
        sheet="Authorities",
        title=f"Relative likelihoods for minoritised staff by authority, all services, {year}",
        subtitles=(
            "Published because the authorities agreed to be named; counts are not shown "
            "$$suppression$$$$relative_likelihood$$",
        ),
        frame=text_frame(records, columns),
        decimals={"Relative likelihood": 2, "Lower 95% limit": 2, "Upper 95% limit": 2},
        notes=("suppression", "relative_likelihood"),
        untrusted=("Authority name",),
    )
