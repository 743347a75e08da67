"""What a chart builder returns, and how a row becomes a data cell or a label.

A ``Chart`` carries everything a report needs beside the picture: a headline title
that says the finding, a statistical subtitle, a text alternative with the main
figures in words, and the plotted numbers as a tidy table. The helpers here turn one
row of the indicators table into those cells and labels, with GSS codes wherever a
number must not (``[c]``) or cannot (``[x]``) be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from scwres_helpers.indicators.select import COMPLETE, NO_VALUE, SUPPRESSED, is_national, number_or_none, row_state
from scwres_helpers.report.formatting import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    format_interval,
    format_rl,
)
from scwres_helpers.report.narrative import assessment_words, describe_value, short_flag_note, withheld_label
from scwres_helpers.report.wording import SERVICE_LABELS

if TYPE_CHECKING:  # a chart's figure is drawn by matplotlib; writing blocks needs no plotting
    from matplotlib.figure import Figure

RL_COLUMN = "Relative likelihood"
LOWER_COLUMN = "Lower 95% limit"
UPPER_COLUMN = "Upper 95% limit"
ASSESSMENT_COLUMN = "Assessment"
NOTE_COLUMN = "Note"
NATIONAL_COLUMN = "National relative likelihood"
HIGHLIGHT_LABEL = "This authority"
NATIONAL_LABEL = "all participating authorities (pooled)"
OWN_LABEL = "this authority"
NOT_RETURNED = "not returned"


@dataclass
class Chart:
    """A chart as a report needs it: figure, words, and the numbers behind it."""

    figure: Figure
    title: str
    subtitle: str
    alt_text: str
    data: pd.DataFrame = field(repr=False)
    # Everything the figure shows, when its builder can say so in a few values: charts with
    # equal keys are the same picture, saved once per process (``display.chart_bundle``).
    picture_key: tuple | None = field(default=None, compare=False)


def place_label(rows: pd.DataFrame, label: str | None) -> str:
    """Who the chart is about: the given label, else 'this authority' or the pooled nation."""
    if label:
        return label
    return NATIONAL_LABEL if is_national(rows) else OWN_LABEL


def year_of(rows: pd.DataFrame) -> int:
    """The collection year of rows already checked to share one."""
    return int(rows["year"].iloc[0])


def service_words(service: str) -> str:
    """'all services combined', 'adult services', "children's services"."""
    return SERVICE_LABELS[service].lower().replace("all services", "all services combined")


def rl_cells(row: pd.Series | None) -> dict[str, object]:
    """A row's RL, limits, assessment and note as data cells; GSS codes where no number."""
    if row is None:
        return {RL_COLUMN: NOT_AVAILABLE, LOWER_COLUMN: NOT_AVAILABLE, UPPER_COLUMN: NOT_AVAILABLE,
                ASSESSMENT_COLUMN: NOT_AVAILABLE, NOTE_COLUMN: NOT_RETURNED}
    state = row_state(row)
    if state == SUPPRESSED:
        return {RL_COLUMN: CONFIDENTIAL, LOWER_COLUMN: CONFIDENTIAL, UPPER_COLUMN: CONFIDENTIAL,
                ASSESSMENT_COLUMN: CONFIDENTIAL, NOTE_COLUMN: short_flag_note(row)}
    value = number_or_none(row["value"])
    complete = state == COMPLETE
    return {
        RL_COLUMN: value if value is not None else NOT_AVAILABLE,
        LOWER_COLUMN: float(row["ci_lower"]) if complete else NOT_AVAILABLE,
        UPPER_COLUMN: float(row["ci_upper"]) if complete else NOT_AVAILABLE,
        ASSESSMENT_COLUMN: assessment_words(row),
        NOTE_COLUMN: short_flag_note(row),
    }


def national_cell(row: pd.Series | None) -> object:
    """A national RL as a data cell (the value, or a GSS code)."""
    if row is None:
        return NOT_AVAILABLE
    state = row_state(row)
    if state == SUPPRESSED:
        return CONFIDENTIAL
    if state == NO_VALUE:
        return NOT_AVAILABLE
    return float(row["value"])


def rl_text(row: pd.Series | None) -> str:
    """The label drawn beside a row: '0.52 (0.41 to 0.66)' or why there is no number."""
    if row is None:
        return f"{NOT_AVAILABLE} {NOT_RETURNED}"
    state = row_state(row)
    if state == SUPPRESSED:
        return f"{CONFIDENTIAL} {withheld_label(row)}"
    if state == NO_VALUE:
        return "No value: " + short_flag_note(row).removesuffix(", so no value")
    value = float(row["value"])
    if state == COMPLETE:
        return f"{format_rl(value)} ({format_interval(float(row['ci_lower']), float(row['ci_upper']))})"
    return f"{format_rl(value)} (no interval)"


def labelled(label: str, row: pd.Series | None) -> str:
    """Alt-text item: 'Appointment from shortlisting 0.52 (95% ...)' or 'X: numbers too small ...'."""
    if row is None:
        return f"{label}: {NOT_RETURNED}"
    if row_state(row) in (SUPPRESSED, NO_VALUE):
        return f"{label}: {describe_value(row)}"
    return f"{label} {describe_value(row)}"


def zeros_note(zeros: int) -> str:
    """Alt-text sentence for values of 0, which a log axis cannot show ('' when none)."""
    if not zeros:
        return ""
    has = "authority has" if zeros == 1 else "authorities have"
    return f" {zeros} {has} a value of 0, not drawn on the log scale."
