"""Hand-made indicator rows -> a frame with the contract's dtypes (shared by the test packages).

A module beside the test packages, importable from any of them because pytest puts
``tests/`` on ``sys.path`` for packages without a parent ``__init__``.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers.codes import INDICATOR_TABLE_COLUMNS

COUNT_COLUMNS = ("numerator_group", "denominator_group", "numerator_white", "denominator_white")
FLOAT_COLUMNS = ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")
STRING_COLUMNS = ("scope", "authority_code", "service", "group", "indicator", "breakdown",
                  "measure", "assessment", "flag")


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows with the contract's dtypes: Int64 counts, float64 rates, str strings, bool."""
    df = pd.DataFrame(rows, columns=list(INDICATOR_TABLE_COLUMNS))
    df["year"] = df["year"].astype("int64")
    for column in COUNT_COLUMNS:
        df[column] = pd.array(df[column].tolist(), dtype="Int64")
    for column in FLOAT_COLUMNS:
        df[column] = pd.to_numeric(df[column], errors="coerce").astype("float64")
    for column in STRING_COLUMNS:
        df[column] = df[column].fillna("").astype("str")
    df["suppressed"] = df["suppressed"].astype(bool)
    return df
