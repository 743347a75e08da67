"""What a published table is, and the cell rules every table follows.

Each ``DataTable`` is one worksheet of the workbook and one CSV file. Cells are text,
rounded exactly as ``disclosure.publishable_indicators`` rounds them (the workbook turns
the numeric ones back into numbers), with ``[c]``, ``[x]`` or ``[z]`` wherever there is
no figure. The tables themselves are built in ``data_national`` (national figures) and
``data_authorities`` (the spread across authorities, and named authorities).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure import publishable_indicators, render_gss
from scwres_helpers.disclosure.national_tables import COUNT_COLUMNS, NationalDisclosure
from scwres_helpers.disclosure.indicator_rows import WHITE_COUNTS, white_rate_text
from scwres_helpers.disclosure.shorthand import CONFIDENTIAL, NOT_APPLICABLE, is_missing
from scwres_helpers.indicators.table import suppression
from scwres_helpers.report.narrative import assessment_cell

RL = registry.RL
RL_INDICATORS = registry.headline_ids()
SURVEY_INDICATORS = registry.survey_ids()
REPORTING_BANDS = registry.SHOWN_BANDS
# Indicator 1's rows: the pay bands, then the wider reporting bands they add up to.
BAND_ROWS = (*codes.PAY_BANDS, *codes.REPORTING_BANDS)
COUNT = None  # decimals of a whole-number column


@dataclass(frozen=True)
class DataTable:
    """One published table: a worksheet and a CSV file.

    ``frame`` holds text cells under human headers; ``decimals`` names the numeric
    columns (None: whole numbers; k: k decimal places) so the workbook can store them
    as numbers (``no_separators``: whole numbers shown without a thousands separator,
    such as years); ``untrusted`` names columns holding text from the returns (authority
    names), which the writers neutralise; ``notes`` are the note ids the table refers to.
    """

    name: str
    sheet: str
    title: str
    subtitles: tuple[str, ...]
    frame: pd.DataFrame
    decimals: dict[str, int | None]
    notes: tuple[str, ...] = ()
    untrusted: tuple[str, ...] = field(default_factory=tuple)
    no_separators: tuple[str, ...] = field(default_factory=tuple)


def flag_small_counts(rows: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The rows with ``suppressed`` also set wherever a count is below THRESHOLD, so a
    publishing threshold stricter than the one the table was computed with still holds."""
    out = rows.copy()
    out["suppressed"] = out["suppressed"].astype(bool).to_numpy() | suppression(out, threshold)
    return out


def published_text(rows: pd.DataFrame, disclosure: NationalDisclosure, threshold: int) -> pd.DataFrame:
    """Publishable text for national ROWS under the year's one suppression pattern: a hidden
    row shows [c] for its figures and for each count the pattern withholds, and the counts
    that every other table shows (so no table withholds what another publishes)."""
    marked = rows.copy()
    hidden = marked.index.isin(list(disclosure.hidden_rows))
    marked["suppressed"] = marked["suppressed"].astype(bool).to_numpy() | hidden
    text = publishable_indicators(marked, threshold=threshold)
    for label in marked.index[hidden]:
        row = marked.loc[label]
        for column in COUNT_COLUMNS:
            if not is_missing(row[column]) and disclosure.count_reason(label, row, column) is None:
                text.at[label, column] = render_gss(int(row[column]))
        # The white rate rests on the two white counts alone: where both are shown, it is too
        # (as on every other row of the table), so a row withheld for the group keeps it.
        if all(text.at[label, c] != CONFIDENTIAL and not is_missing(row[c]) for c in WHITE_COUNTS):
            rate = white_rate_text(row)
            if rate is not None:
                text.at[label, "rate_white"] = rate
    return text


def band_code(published_breakdown: str) -> str:
    """The breakdown code back from a published cell ('[z]' stands for no breakdown)."""
    return "" if published_breakdown == NOT_APPLICABLE else published_breakdown


def indicator_name(indicator: str) -> str:
    return codes.INDICATOR_NAMES[indicator]


def rl_band_cells(row: pd.Series) -> dict[str, str]:
    """The cells every relative-likelihood table shares: which indicator and band, the
    RL, its interval and the assessment in words (ROW is a published text row)."""
    band = row["breakdown"]
    return {
        "Indicator": row["indicator"],
        "Indicator name": indicator_name(row["indicator"]),
        "Pay band": registry.BAND_LABELS[band] if row["indicator"] == "1" else NOT_APPLICABLE,
        "Relative likelihood": row["value"],
        "Lower 95% limit": row["ci_lower"],
        "Upper 95% limit": row["ci_upper"],
        "Assessment": assessment_cell(row["assessment"], row["indicator"], band_code(band)),
    }


def ordered(rows: pd.DataFrame, **order: tuple[str, ...]) -> pd.DataFrame:
    """ROWS sorted by the given columns in the given value orders (stable)."""
    keys = []
    for column, values in order.items():
        rank = {v: i for i, v in enumerate(values)}
        keys.append(rows[column].map(lambda v, rank=rank: rank.get(v, len(rank))))
    frame = rows.assign(**{f"_k{i}": k for i, k in enumerate(keys)})
    return frame.sort_values([f"_k{i}" for i in range(len(keys))], kind="mergesort").drop(
        columns=[f"_k{i}" for i in range(len(keys))]
    )


def text_frame(records: list[dict[str, str]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=columns, dtype="str")
