"""Figure scaffolding shared by the chart builders: the figure, log axes, value labels.

Kept apart from ``charts.py`` so that each builder reads as "what is plotted" while
the look (title block, axis ticks, legend placement) is decided once here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from scwres_helpers import registry
from scwres_helpers.report.style import (
    DARK_BLUE,
    DARK_GREY,
    DARK_PINK,
    LIGHT_GREY,
    plain_number,
)

FIG_WIDTH = 8.0  # inches
LABEL_SIZE = 9.0
FOUR_FIFTHS = registry.FOUR_FIFTHS
LOG_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.25, 2, 3, 5, 10, 20, 50, 100)

# Markers: the shape, not only the colour, tells the reader what a point is.
ESTIMATE = {"marker": "o", "color": DARK_BLUE, "markersize": 7}
ADVERSE = {"marker": "D", "color": DARK_PINK, "markersize": 7}
NATIONAL = {"marker": "s", "color": DARK_GREY, "markersize": 6}


def new_figure(body_height: float) -> tuple[Figure, Axes]:
    """A figure of the report's width holding one axes (and, below it, the legend).

    A chart's title and subtitle are not drawn: the reports print them as text with the
    chart (``display.chart_caption_markdown``), where they wrap to a phone's width, can be
    read aloud and searched, and are printed once. (Drawn in the image as well, they were
    repeated as a caption under it, and on a phone they shrank with the image to a few
    pixels high.)
    """
    # A bare Figure, not registered with pyplot: nothing global to leak or auto-display.
    fig = Figure(figsize=(FIG_WIDTH, body_height))
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    return fig, ax


def log_axis(ax: Axes, axis: str, low: float, high: float) -> None:
    """A log-scale axis from ``low`` to ``high`` with plain-number ticks (0.5, 1, 2)."""
    set_scale = ax.set_xscale if axis == "x" else ax.set_yscale
    set_lim = ax.set_xlim if axis == "x" else ax.set_ylim
    target = ax.xaxis if axis == "x" else ax.yaxis
    set_scale("log")
    set_lim(low, high)
    ticks = [t for t in LOG_TICKS if low <= t <= high]
    if high / low > 8:  # a wide axis: 0.8 and 1.25 would crowd 1 (the shaded band still shows them)
        ticks = [t for t in ticks if t not in FOUR_FIFTHS]
    target.set_major_locator(FixedLocator(ticks))
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(FuncFormatter(plain_number))


def rl_limits(values: list[float], pad: float = 1.35) -> tuple[float, float]:
    """Log-axis limits that hold the values, 1 and the four-fifths band, with some room."""
    positive = [v for v in values if v is not None and v > 0 and np.isfinite(v)]
    low = min([FOUR_FIFTHS[0], *positive]) / pad
    high = max([FOUR_FIFTHS[1], *positive]) * pad
    return low, high


def reference_guides(ax: Axes, axis: str = "x", band: bool = True) -> list:
    """The line at 1 and the shaded four-fifths band; returns legend handles."""
    handles = []
    span, line = (ax.axvspan, ax.axvline) if axis == "x" else (ax.axhspan, ax.axhline)
    if band:
        span(*FOUR_FIFTHS, color=LIGHT_GREY, alpha=0.7, lw=0, zorder=0, gid="four-fifths")
        handles.append(Patch(color=LIGHT_GREY, alpha=0.7, label="Four-fifths band (0.8 to 1.25)"))
    line(1, color=DARK_GREY, lw=1.2, zorder=1, gid="reference")
    handles.append(Line2D([], [], color=DARK_GREY, lw=1.2, label="Equal likelihood (1)"))
    return handles


def direction_labels(ax: Axes) -> None:
    """'Less likely' / 'More likely' either side of 1, above a horizontal RL axis."""
    for text, ha, offset in (("◀ Less likely", "right", -6), ("More likely ▶", "left", 6)):
        ax.annotate(text, xy=(1, 1), xycoords=("data", "axes fraction"), xytext=(offset, 4),
                    textcoords="offset points", ha=ha, va="bottom", size=LABEL_SIZE,
                    color=DARK_GREY)


def value_label(ax: Axes, y: float, text: str) -> None:
    """A figure written in the right margin, level with row ``y``."""
    ax.annotate(text, xy=(1, y), xycoords=("axes fraction", "data"), xytext=(8, 0),
                textcoords="offset points", ha="left", va="center", size=LABEL_SIZE,
                color=DARK_GREY)


def interval_handles(with_adverse: bool, with_hollow: bool, with_national: bool) -> list:
    """Legend entries for the estimate markers actually used."""
    handles = [
        Line2D([], [], color=DARK_BLUE, lw=1.6, label="95% interval"),
        Line2D([], [], linestyle="none", **ESTIMATE, label="Estimate"),
    ]
    if with_adverse:
        handles.append(Line2D([], [], linestyle="none", **ADVERSE,
                              label="Estimate, clear adverse difference"))
    if with_hollow:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=7,
                              markerfacecolor="white", markeredgecolor=DARK_BLUE,
                              label="Estimate without interval"))
    if with_national:
        handles.append(Line2D([], [], linestyle="none", **NATIONAL, markerfacecolor="white",
                              label="National (pooled)"))
    return handles


def bottom_legend(fig: Figure, handles: list, ncols: int = 3) -> None:
    """The legend under the axes, outside the plotting area."""
    fig.legend(handles=handles, loc="outside lower left", ncols=min(ncols, len(handles)),
               frameon=False, fontsize=LABEL_SIZE, handlelength=1.6, columnspacing=1.2)


def body_height(rows: int, per_row: float = 0.42, extra: float = 1.3) -> float:
    """Inches of figure for ``rows`` categories (axes, tick labels and legend)."""
    return max(rows * per_row + extra, 2.6)


__all__ = [
    "ADVERSE",
    "ESTIMATE",
    "FIG_WIDTH",
    "FOUR_FIFTHS",
    "NATIONAL",
    "bottom_legend",
    "body_height",
    "direction_labels",
    "interval_handles",
    "log_axis",
    "new_figure",
    "reference_guides",
    "rl_limits",
    "value_label",
]
