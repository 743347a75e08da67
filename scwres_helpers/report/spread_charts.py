"""Charts that place many authorities side by side, for the national report.

Neither chart names or labels an authority: the points are anonymous, sorted values
(see ``select.publishable_values``; the funnel plot's counts, ``select.publishable_counts``,
are judged by ``inference.funnel`` and never drawn or listed), and the only
point that may be marked is "this authority" in that authority's own report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from scwres_helpers import registry
from scwres_helpers.inference.funnel import ABOVE, BELOW, NOT_ASSESSED, WITHIN, Funnel, funnel_curve
from scwres_helpers.report.chart import (
    HIGHLIGHT_LABEL,
    NOTE_COLUMN,
    RL_COLUMN,
    Chart,
    zeros_note,
)
from scwres_helpers.report.formatting import format_rl
from scwres_helpers.report.layout import (
    bottom_legend,
    direction_labels,
    log_axis,
    new_figure,
    reference_guides,
    rl_limits,
)
from scwres_helpers.report.narrative import position_sentence
from scwres_helpers.report.style import DARK_BLUE, DARK_GREY, LIGHT_GREY, ORANGE, TURQUOISE, report_style
from scwres_helpers.report.wording import white_noun


def _quartiles(values: np.ndarray) -> tuple[float, float, float]:
    q1, median, q3 = np.percentile(values, [25, 50, 75])  # linear interpolation
    return float(q1), float(median), float(q3)


def distribution_chart(
    values: pd.Series,
    highlight: float | None,
    indicator: str,
    *,
    breakdown: str = "",
    year: int | None = None,
) -> Chart:
    """Authorities' relative likelihoods as dots over a box (median, quartiles, range).

    Draws no labels: ``values`` must hold publishable values only (see
    ``select.publishable_values``); the optional ``highlight`` is this authority's own.
    Dots are spread vertically by a fixed-seed jitter, so the picture is the same each run.
    """
    words = registry.words(indicator, breakdown)
    numbers = np.sort(pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float))
    if numbers.size == 0:
        raise ValueError("no values to show")
    n = int(numbers.size)
    q1, median, q3 = _quartiles(numbers)
    direction = registry.adverse_direction(indicator, breakdown)
    below, above = int((numbers < 1).sum()), int((numbers > 1).sum())
    if direction == "more_likely":
        title = f"{words.short}: relative likelihood above 1 at {above} of {n} authorities"
    else:
        title = f"{words.short}: relative likelihood below 1 at {below} of {n} authorities"
    when = f", {year}" if year is not None else ""
    subtitle = (
        f"Relative likelihood {words.of_outcome}, minoritised compared with {white_noun(words.noun)}, "
        f"one dot per authority ({n} authorities){when}. The box shows the median and quartiles, "
        "the whiskers the full range; log scale."
        + (" Orange diamond: this authority." if highlight is not None else "")
    )
    alt = (
        f"Relative likelihood {words.of_outcome} across {n} authorities{when}: median "
        f"{format_rl(median)}, quartiles {format_rl(q1)} and {format_rl(q3)}, range "
        f"{format_rl(numbers[0])} to {format_rl(numbers[-1])}. {below} authorities were below 1 "
        f"and {above} above 1."
    )
    if highlight is not None:
        alt += (f" This authority's value was {format_rl(highlight)}. "
                + position_sentence(highlight, numbers, indicator, breakdown=breakdown))
    zeros = int((numbers <= 0).sum())
    alt += zeros_note(zeros)
    records = [{"Point": "Authority", RL_COLUMN: v,
                NOTE_COLUMN: "not drawn: 0 cannot be shown on a log scale" if v <= 0 else ""}
               for v in numbers]
    records += [{"Point": name, RL_COLUMN: v, NOTE_COLUMN: ""} for name, v in
                (("Lower quartile", q1), ("Median", median), ("Upper quartile", q3))]
    if highlight is not None:
        records.append({"Point": HIGHLIGHT_LABEL, RL_COLUMN: float(highlight), NOTE_COLUMN: ""})
    data = pd.DataFrame(records)

    positive = numbers[numbers > 0]
    box = [v for v in (q1, median, q3) if v > 0]
    low, high = rl_limits([*positive, *box, *([highlight] if highlight else [])])
    with report_style():
        fig, ax = new_figure(2.9)
        reference_guides(ax, "x", band=False)
        ax.bxp([{"med": median, "q1": q1, "q3": q3, "whislo": max(numbers[0], low),
                 "whishi": numbers[-1], "fliers": []}],
               orientation="horizontal", widths=0.5, showfliers=False, patch_artist=True,
               boxprops={"facecolor": LIGHT_GREY, "edgecolor": DARK_GREY},
               medianprops={"color": DARK_GREY, "lw": 2}, whiskerprops={"color": DARK_GREY},
               capprops={"color": DARK_GREY}, positions=[0], manage_ticks=False)
        if zeros:
            ax.annotate(f"◀ {zeros} at 0 (off the log scale)", xy=(0, 0.04), xycoords="axes fraction",
                        xytext=(4, 0), textcoords="offset points", size=9, color=DARK_GREY)
        jitter = np.random.default_rng(20240101).uniform(-0.18, 0.18, positive.size)
        ax.plot(positive, jitter, linestyle="none", marker="o", markersize=5, color=DARK_BLUE,
                alpha=0.75, gid="authorities", zorder=3)
        handles = [Line2D([], [], linestyle="none", marker="o", markersize=5, color=DARK_BLUE,
                          label="An authority")]
        if highlight is not None and highlight > 0:
            ax.plot([highlight], [0], linestyle="none", marker="D", markersize=10, color=ORANGE,
                    markeredgecolor=DARK_GREY, gid="highlight", zorder=4)
            ax.annotate(HIGHLIGHT_LABEL, xy=(highlight, -0.06), xytext=(highlight, -0.45),
                        textcoords="data", ha="center", va="bottom", size=9, color=DARK_GREY,
                        arrowprops={"arrowstyle": "-", "color": DARK_GREY, "lw": 0.8})
            handles.append(Line2D([], [], linestyle="none", marker="D", markersize=8, color=ORANGE,
                                  markeredgecolor=DARK_GREY, label=HIGHLIGHT_LABEL))
        log_axis(ax, "x", low, high)
        ax.set_ylim(0.6, -0.6)
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        direction_labels(ax)
        ax.set_xlabel("Relative likelihood compared with white staff (log scale)")
        bottom_legend(fig, handles + [Line2D([], [], color=DARK_GREY, lw=1.2, label="Equal likelihood (1)")])
    return Chart(fig, title, subtitle, alt, data)


PRECISION_BANDS = (1, 3, 10, 30, 100, 300, 1000, 3000)


def precision_band(value: float) -> str:
    """An authority's precision as a band ("10 to 30"): enough to read the chart, too
    little to give back an unnamed authority's number of staff at risk."""
    edges = PRECISION_BANDS
    if value < edges[0]:
        return f"under {edges[0]}"
    for low, high in zip(edges, edges[1:]):
        if value < high:
            return f"{low:,} to {high:,}"
    return f"{edges[-1]:,} or more"


def _limit_grid(low: float, high: float) -> np.ndarray:
    """Whole-number precisions at which the chart's data lists the limits."""
    grid = np.unique(np.round(np.geomspace(max(low, 1.0), max(high, 2.0), LIMIT_POINTS)))
    return grid[grid >= 1]


POSITION = {ABOVE: "above the 99.8% limits", BELOW: "below the 99.8% limits", WITHIN: "within the 99.8% limits",
            NOT_ASSESSED: "not assessed (no white staff with the outcome)"}
LIMIT_POINTS = 7  # rows of the limit curves in the chart's data


def funnel_plot(
    funnel: Funnel,
    indicator: str,
    *,
    breakdown: str = "",
    year: int | None = None,
) -> Chart:
    """Authorities' relative likelihoods against their precision, around the national one.

    ``funnel`` is ``inference.funnel.judge_funnel`` of the publishable authority rows at
    one level (99.8%): precision comes from each authority's own two denominators,
    small counts and zeros are judged by exact probability, and the limits are widened
    when the authorities differ more than chance allows (over-dispersion). The title
    counts only the authorities the judgement puts outside, so a zero that chance
    explains is not counted. Both axes are logarithmic; no point is labelled. The
    chart's data gives each authority's value, precision band and position, never
    its counts, and the limits at a few precisions.
    """
    words = registry.words(indicator, breakdown)
    units = funnel.units.sort_values(["precision", "relative_likelihood"], kind="mergesort").reset_index(drop=True)
    if units.empty:
        raise ValueError("no points to show")
    rl0 = funnel.rates.relative_likelihood
    status = units["status"].to_numpy()
    n = len(units)
    assessed = units[units["status"] != NOT_ASSESSED]
    above, below = int((status == ABOVE).sum()), int((status == BELOW).sum())
    outside = above + below
    zeros = assessed[assessed["relative_likelihood"] <= 0]
    zeros_outside = int(zeros["status"].isin([ABOVE, BELOW]).sum())
    if outside:
        title = f"{words.short}: {outside} of {n} authorities outside the 99.8% limits"
    else:
        title = f"{words.short}: all {n} authorities within the 99.8% limits"
    when = f", {year}" if year is not None else ""
    widened = funnel.overdispersion.applied
    subtitle = (
        f"Relative likelihood {words.of_outcome}, minoritised compared with {white_noun(words.noun)}, "
        f"by precision (larger for authorities with more {words.noun} at risk; {n} authorities){when}. "
        f"Centre line: national pooled value {format_rl(rl0)}; dotted: 99.8% limits"
        + (", widened because authorities differ more than chance allows" if widened else "")
        + "; log scales."
    )
    alt = (
        f"Funnel plot of the relative likelihood {words.of_outcome} for {n} authorities{when}, "
        f"against precision, centred on the national pooled value of {format_rl(rl0)}. "
        f"{outside} outside the 99.8% limits ({above} above, {below} below)"
        + (f", {int((status == NOT_ASSESSED).sum())} not assessed" if (status == NOT_ASSESSED).any() else "")
        + ". "
        + ("The limits are widened for the differences between authorities beyond chance. " if widened else "")
    )
    alt += zeros_note(len(zeros)).strip()
    if len(zeros):
        alt += (f" Judged by the chance of a zero at national rates, {zeros_outside} of them "
                f"{'is' if zeros_outside == 1 else 'are'} outside the limits.")
    positive = units[units["relative_likelihood"] > 0]
    p_low, p_high = units["precision"].min() / 1.5, units["precision"].max() * 1.5
    grid = np.geomspace(p_low, p_high, 200)
    table_grid = _limit_grid(p_low, p_high)
    lower_rows, upper_rows = funnel_curve(funnel, table_grid)
    data = pd.concat([
        pd.DataFrame({
            "Point": "Authority",
            "Precision": [precision_band(p) for p in units["precision"]],
            RL_COLUMN: units["relative_likelihood"].to_numpy(dtype=float),
            "Lower 99.8% limit": float("nan"),
            "Upper 99.8% limit": float("nan"),
            "Position": [POSITION[s] for s in status],
        }),
        pd.DataFrame({
            "Point": "99.8% limits", "Precision": table_grid, RL_COLUMN: float("nan"),
            "Lower 99.8% limit": lower_rows, "Upper 99.8% limit": upper_rows, "Position": "",
        }),
    ], ignore_index=True)

    ys = [*positive["relative_likelihood"], rl0]
    low, high = rl_limits(ys, pad=1.5)
    with report_style():
        fig, ax = new_figure(4.2)
        ax.axhline(rl0, color=DARK_GREY, lw=1.3, gid="centre")
        lo, hi = funnel_curve(funnel, grid)
        ax.plot(grid, lo, color=TURQUOISE, lw=1.4, linestyle=":", gid="limit-998")
        ax.plot(grid, hi, color=TURQUOISE, lw=1.4, linestyle=":", gid="limit-998")
        ax.plot(positive["precision"], positive["relative_likelihood"], linestyle="none", marker="o",
                markersize=5, color=DARK_BLUE, alpha=0.75, gid="authorities", zorder=3)
        if len(zeros):
            ax.annotate(f"▼ {len(zeros)} at 0 (off the log scale), {zeros_outside} outside the limits",
                        xy=(0, 0.02), xycoords="axes fraction", xytext=(4, 0), textcoords="offset points",
                        size=9, color=DARK_GREY)
        handles = [
            Line2D([], [], linestyle="none", marker="o", markersize=5, color=DARK_BLUE, label="An authority"),
            Line2D([], [], color=DARK_GREY, lw=1.3, label=f"National pooled value ({format_rl(rl0)})"),
            Line2D([], [], color=TURQUOISE, lw=1.4, linestyle=":", label="99.8% limits"),
        ]
        ax.set_xscale("log")
        ax.set_xlim(p_low, p_high)
        # Precision ticks at 1, 2 and 5 times each power of ten, in plain numbers: style.readable_log_ticks.
        log_axis(ax, "y", low, high)
        ax.set_xlabel("Precision (log scale)")
        ax.set_ylabel("Relative likelihood (log scale)")
        bottom_legend(fig, handles, ncols=3)
    return Chart(fig, title, subtitle, alt, data)
