"""Tables as markdown: a pipe table with a Pandoc caption and notes for any GSS codes.

Apart from the chart display (``display``) so that writing a table loads no plotting:
the public summaries and the build's planning write tables without drawing a chart.
"""

from __future__ import annotations

import numbers

import pandas as pd

from scwres_helpers.indicators.select import number_or_none
from scwres_helpers.report.formatting import format_decimal, format_rl, gss_note


def _escape(text: str) -> str:
    """A table cell safe inside a pipe table (one line, no bare pipes)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def format_cell(value: object, column: str) -> str:
    """Chart data as text: percentages (columns marked '(%)') 1 decimal, counts whole, others 2."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    number = number_or_none(value)
    if number is None:
        return ""
    if isinstance(value, numbers.Integral) or column in ("Year", "Number at risk"):
        return f"{int(number)}" if column == "Year" else f"{int(round(number)):,}"
    if "(%)" in column:
        return format_decimal(number, 1)
    return format_rl(number)


def markdown_table(frame: pd.DataFrame) -> str:
    """A pipe table; columns whose cells are all numbers (or codes) are right-aligned."""
    text = [[format_cell(v, str(c)) for v in frame[c]] for c in frame.columns]  # column by column
    header = "| " + " | ".join(_escape(str(c)) for c in frame.columns) + " |"
    aligns = []
    for column in text:
        cells = [c for c in column if c and not (c.startswith("[") and c.endswith("]"))]
        numeric = bool(cells) and all(_looks_numeric(c) for c in cells)
        aligns.append("---:" if numeric else ":---")
    rule = "|" + "|".join(aligns) + "|"
    body = ["| " + " | ".join(_escape(v) for v in row) + " |" for row in zip(*text)]
    return "\n".join([header, rule, *body])


def _looks_numeric(cell: str) -> bool:
    try:
        float(cell.replace(",", "").removesuffix("%"))
    except ValueError:
        return False
    return True


def table_markdown(frame: pd.DataFrame, caption: str, note: str | None = None, gss_notes: bool = True) -> str:
    """The table, a Pandoc caption paragraph (': caption'), and notes for any GSS codes."""
    parts = [markdown_table(frame), "", f": {_escape(caption)}"]
    notes = " ".join(n for n in (note or "", gss_note(frame) if gss_notes else "") if n)
    if notes:
        parts += ["", f"Notes: {notes}"]
    return "\n".join(parts) + "\n"
