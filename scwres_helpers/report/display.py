"""Showing charts and tables in a notebook so the executed notebook carries everything.

``show_chart`` stores one markdown output with the chart's title and subtitle (its
caption, printed once, as text: the image has neither), one display output with the
chart as SVG and PNG (the text alternative in each image's output metadata under
"alt", and as the plain-text fallback), then one markdown output with a details block
holding the data. The renderers keep the caption and the image together on a PDF page
(``typst.lua``) and name the data's scrolling region after the title (``html.lua``). ``show_table`` stores a markdown pipe table with a Pandoc caption,
so Pandoc (and Quarto) see a real table. Nothing in the outputs changes between runs:
no ids, no dates, fixed-salt SVG.
"""

from __future__ import annotations

import base64

import matplotlib.pyplot as plt
import pandas as pd

from scwres_helpers.report.charts import Chart
from scwres_helpers.report.formatting import gss_note
from scwres_helpers.report.markdown_tables import _escape, format_cell, markdown_table, table_markdown
from scwres_helpers.report.style import DEFAULT_DPI, figure_to_png, figure_to_svg

__all__ = ["DATA_SUMMARY", "chart_bundle", "chart_caption_markdown", "chart_markdown", "format_cell",
           "markdown_table", "show_chart", "show_chart_image", "show_table", "table_markdown"]

DATA_SUMMARY = "Data behind this chart"


def chart_caption_markdown(chart: Chart) -> str:
    """The chart's caption, printed above it: its title (the finding) and subtitle."""
    return f"**{_escape(chart.title)}**\n\n{_escape(chart.subtitle)}\n"


def chart_markdown(chart: Chart) -> str:
    """A details block with the data behind the chart (printed under it)."""
    parts = ["<details>", f"<summary>{DATA_SUMMARY}</summary>", "", markdown_table(chart.data)]
    note = gss_note(chart.data)
    if note:
        parts += ["", f"Notes: {note}"]
    parts += ["", "</details>"]
    return "\n".join(parts) + "\n"


def chart_bundle(
    chart: Chart, dpi: int = DEFAULT_DPI, *, png: bool = False
) -> tuple[dict[str, str], dict[str, dict]]:
    """(data, metadata) of the image output: SVG (and PNG if asked) with the alt text.

    SVG alone serves every renderer (HTML, Typst, Quarto); PNG doubles the time and
    size of a report for nothing, so it is opt-in.
    """
    data = {"image/svg+xml": _svg(chart), "text/plain": chart.alt_text}
    metadata: dict[str, dict] = {"image/svg+xml": {"alt": chart.alt_text}}
    if png:
        width, height = (round(x * dpi) for x in chart.figure.get_size_inches())
        data["image/png"] = base64.b64encode(figure_to_png(chart.figure, dpi)).decode("ascii")
        metadata["image/png"] = {"alt": chart.alt_text, "width": width, "height": height}
    return data, metadata


_SAVED_PICTURES: dict[tuple, str] = {}  # picture key -> SVG, in this process
_PICTURES_KEPT = 64


def _svg(chart: Chart) -> str:
    """The chart as SVG: saved once per picture when its builder gave a ``picture_key`` (a
    withheld trend, the same in half the reports: 17 ms each time it is laid out and saved,
    1.3 CPU-s of a full build of 153)."""
    key = chart.picture_key
    if key is None:
        return figure_to_svg(chart.figure)
    if key not in _SAVED_PICTURES:
        if len(_SAVED_PICTURES) >= _PICTURES_KEPT:
            _SAVED_PICTURES.clear()
        _SAVED_PICTURES[key] = figure_to_svg(chart.figure)
    return _SAVED_PICTURES[key]


def show_chart(chart: Chart, *, dpi: int = DEFAULT_DPI, png: bool = False) -> None:
    """Display the chart's caption (markdown), the chart (images + alt text) and the data
    behind it (markdown), then close it."""
    from IPython.display import Markdown, display

    display(Markdown(chart_caption_markdown(chart)))
    show_chart_image(chart, dpi=dpi, png=png)
    display(Markdown(chart_markdown(chart)))


def show_chart_image(chart: Chart, *, dpi: int = DEFAULT_DPI, png: bool = False) -> None:
    """Display the chart's image output alone (with its alt text), then close the figure."""
    from IPython.display import display

    data, metadata = chart_bundle(chart, dpi, png=png)
    display(data, metadata=metadata, raw=True)
    plt.close(chart.figure)


def show_table(frame: pd.DataFrame, caption: str, *, note: str | None = None, gss_notes: bool = True) -> None:
    """Display ``frame`` as a markdown pipe table with a Pandoc caption."""
    from IPython.display import Markdown, display

    display(Markdown(table_markdown(frame, caption, note, gss_notes)))
