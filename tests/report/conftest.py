"""Hand-made rows of the indicators table, following shared/spec/indicators-table.md.

The report layer only presents figures, so the values here are written out by hand
(not computed by the indicators package); counts are chosen to be consistent with them
where a test depends on it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from indicator_frames import frame  # noqa: F401 (re-exported for the tests here)

OWN_CODE = "E09000001"


def row(
    indicator: str = "2",
    *,
    measure: str = "relative_likelihood",
    value: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
    counts: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None),
    rate_group: float | None = None,
    rate_white: float | None = None,
    assessment: str | None = None,
    flag: str = "",
    suppressed: bool = False,
    group: str = "minoritised",
    service: str = "all",
    breakdown: str = "",
    year: int = 2024,
    scope: str = "authority",
    authority_code: str = OWN_CODE,
) -> dict:
    """One row as a dict; RL rows get their assessment from the interval as the spec says."""
    if assessment is None:
        if measure != "relative_likelihood":
            assessment = ""
        elif lower is None or upper is None:
            assessment = "not_assessed"
        elif lower > 1:
            assessment = "more_likely"
        elif upper < 1:
            assessment = "less_likely"
        else:
            assessment = "no_clear_difference"
    a_g, n_g, a_w, n_w = counts
    return {
        "year": year,
        "scope": scope,
        "authority_code": "national" if scope == "national" else authority_code,
        "service": service,
        "group": group,
        "indicator": indicator,
        "breakdown": breakdown,
        "measure": measure,
        "numerator_group": a_g,
        "denominator_group": n_g,
        "numerator_white": a_w,
        "denominator_white": n_w,
        "rate_group": rate_group,
        "rate_white": rate_white,
        "value": value,
        "ci_lower": lower,
        "ci_upper": upper,
        "assessment": assessment,
        "flag": flag,
        "suppressed": suppressed,
    }


def one(**kwargs) -> pd.Series:
    """A single row as a Series with contract dtypes."""
    return frame([row(**kwargs)]).iloc[0]


# A suppressed row carries real numbers in the table; they must never be shown.
SECRET = {"value": 3.217, "lower": 1.234, "upper": 8.765}
SECRET_TEXTS = ("3.22", "3.217", "1.23", "1.234", "8.77", "8.765", "8.76")


def summary_rows(scope: str = "authority", year: int = 2024) -> list[dict]:
    """RL rows for indicators 2 to 9 covering each state a report must handle."""
    return [
        row("2", value=0.52, lower=0.41, upper=0.66, counts=(41, 400, 197, 1000), scope=scope, year=year),
        row("3", value=1.37, lower=1.05, upper=1.79, counts=(40, 1000, 29, 1000), scope=scope, year=year),
        row("4", value=3.217, lower=1.234, upper=8.765, counts=(3, 50, 2, 100), suppressed=True,
            scope=scope, year=year),
        row("5", value=1.02, lower=0.91, upper=1.15, counts=(300, 1000, 294, 1000), scope=scope, year=year),
        row("6", value=0.0, counts=(0, 80, 12, 200), flag="zero_events", scope=scope, year=year),
        row("7a", value=None, counts=(6, 80, 0, 200), flag="reference_zero", scope=scope, year=year),
        row("7b", value=1.91, lower=1.22, upper=2.99, counts=(21, 80, 22, 160), scope=scope, year=year),
        row("8", value=0.71, lower=0.55, upper=0.92, counts=(57, 1000, 80, 1000), scope=scope, year=year),
        row("9", value=0.55, lower=0.33, upper=0.92, counts=(12, 1000, 22, 1000), scope=scope, year=year),
    ]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
