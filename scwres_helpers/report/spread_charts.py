"""Charts that place many authorities side by side, for the national report.

Neither chart names or labels an authority: the points are anonymous, sorted values
(see ``select.publishable_values`` and ``select.publishable_points``), and the only
point that may be marked is "this authority" in that authority's own report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from scwres_helpers import registry
from scwres_helpers.report.chart import (
    HIGHLIGHT_LABEL,
    NOTE_COLUMN,
    RL_COLUMN,
    Chart,
    zeros_note,
)
from scwres_helpers.report.formatting import format_rl
from scwres_helpers.report.funnel import Z_95, Z_998, funnel_limits
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


def _count_of(k: int) -> str:
    """'1 authority lies' / '3 authorities lie'."""
    return f"{k} authority lies" if k == 1 else f"{k} authorities lie"


def _funnel_position(value: float, limits95: tuple[float, float], limits998: tuple[float, float]) -> str:
    if value < limits998[0]:
        return "below the 99.8% limits"
    if value > limits998[1]:
        return "above the 99.8% limits"
    if value < limits95[0]:
        return "below the 95% limits"
    if value > limits95[1]:
        return "above the 95% limits"
    return "within the 95% limits"


def funnel_plot(
    points: pd.DataFrame,
    pooled_rl: float,
    p_group: float,
    p_white: float,
    white_to_group_ratio: float,
    indicator: str,
    *,
    highlight: tuple[float, float] | None = None,
    breakdown: str = "",
    year: int | None = None,
) -> Chart:
    """Authorities' relative likelihoods against the number of minoritised staff at risk.

    ``points`` has columns ``n_at_risk`` and ``value`` (publishable rows only; see
    ``select.publishable_points``). The centre line is the national pooled RL. The
    control limits show where an authority of that size would fall if its rates equalled
    the national ones: with p_g and p_w the national rates of the compared group and of
    white staff and r the national ratio of white to compared-group staff at risk,

        SE(ln RL) = sqrt( (1 - p_g) / (n * p_g) + (1 - p_w) / (n * r * p_w) )
        limits    = pooled_rl * exp(± z * SE),  z = 1.959964 (95%), 3.090232 (99.8%)

    Both axes are logarithmic. No point is labelled; ``highlight`` = (n_at_risk, value)
    marks this authority in its own report. An RL of 0 cannot be drawn on a log axis and
    is listed in the data only.
    """
    words = registry.words(indicator, breakdown)
    frame = points[["n_at_risk", "value"]].astype(float).dropna()
    frame = frame.sort_values(["n_at_risk", "value"], kind="mergesort").reset_index(drop=True)
    if frame.empty:
        raise ValueError("no points to show")
    limits = {}
    for name, z in (("95", Z_95), ("998", Z_998)):
        limits[name] = funnel_limits(frame["n_at_risk"].to_numpy(), pooled_rl, p_group, p_white,
                                     white_to_group_ratio, z)
    (lo95, hi95), (lo998, hi998) = limits["95"], limits["998"]
    positions = [
        _funnel_position(v, (lo95[i], hi95[i]), (lo998[i], hi998[i])) for i, v in enumerate(frame["value"])
    ]
    n = len(frame)
    outside = sum(p.endswith("99.8% limits") for p in positions)
    above = sum(p == "above the 99.8% limits" for p in positions)
    below = outside - above
    if outside:
        title = f"{words.short}: {outside} of {n} authorities outside the 99.8% control limits"
    else:
        title = f"{words.short}: all {n} authorities within the 99.8% control limits"
    when = f", {year}" if year is not None else ""
    subtitle = (
        f"Relative likelihood {words.of_outcome}, minoritised compared with {white_noun(words.noun)}, "
        f"by number of minoritised {words.noun} at risk ({n} authorities){when}. Centre line: national "
        f"pooled value {format_rl(pooled_rl)}; dashed: 95% limits; dotted: 99.8% limits; log scales."
    )
    alt = (
        f"Funnel plot of the relative likelihood {words.of_outcome} for {n} authorities{when}, "
        f"against the number of minoritised {words.noun} at risk, centred on the national pooled "
        f"value of {format_rl(pooled_rl)}. "
        f"{_count_of(sum(p == 'within the 95% limits' for p in positions))} within the 95% "
        f"limits; {outside} outside the 99.8% limits ({above} above, {below} below)."
    )
    if highlight is not None:
        hn, hv = highlight
        h95 = funnel_limits(hn, pooled_rl, p_group, p_white, white_to_group_ratio, Z_95)
        h998 = funnel_limits(hn, pooled_rl, p_group, p_white, white_to_group_ratio, Z_998)
        alt += (f" This authority, with {int(hn):,} minoritised {words.noun} at risk and a relative "
                f"likelihood of {format_rl(hv)}, lies {_funnel_position(hv, h95, h998)}.")
    zeros = int((frame["value"] <= 0).sum())
    alt += zeros_note(zeros)
    data = pd.DataFrame({
        "Point": "Authority",
        "Number at risk": frame["n_at_risk"].to_numpy(),
        RL_COLUMN: frame["value"].to_numpy(),
        "Lower 99.8% limit": lo998,
        "Lower 95% limit": lo95,
        "Upper 95% limit": hi95,
        "Upper 99.8% limit": hi998,
        "Position": positions,
    })
    if highlight is not None:
        data = pd.concat([data, pd.DataFrame([{
            "Point": HIGHLIGHT_LABEL, "Number at risk": float(highlight[0]), RL_COLUMN: float(highlight[1]),
            "Lower 99.8% limit": float(h998[0]), "Lower 95% limit": float(h95[0]),
            "Upper 95% limit": float(h95[1]), "Upper 99.8% limit": float(h998[1]),
            "Position": _funnel_position(hv, h95, h998)}])], ignore_index=True)

    positive = frame.loc[frame["value"] > 0]
    n_all = [*frame["n_at_risk"], *([highlight[0]] if highlight else [])]
    n_low, n_high = min(n_all) / 1.3, max(n_all) * 1.3
    grid = np.geomspace(n_low, n_high, 200)
    ys = [*positive["value"], pooled_rl, *([highlight[1]] if highlight and highlight[1] > 0 else [])]
    low, high = rl_limits(ys, pad=1.5)
    with report_style():
        fig, ax = new_figure(4.2)
        ax.axhline(pooled_rl, color=DARK_GREY, lw=1.3, gid="centre")
        for name, style in (("95", "--"), ("998", ":")):
            z = Z_95 if name == "95" else Z_998
            lo, hi = funnel_limits(grid, pooled_rl, p_group, p_white, white_to_group_ratio, z)
            ax.plot(grid, lo, color=TURQUOISE, lw=1.4, linestyle=style, gid=f"limit-{name}")
            ax.plot(grid, hi, color=TURQUOISE, lw=1.4, linestyle=style, gid=f"limit-{name}")
        ax.plot(positive["n_at_risk"], positive["value"], linestyle="none", marker="o", markersize=5,
                color=DARK_BLUE, alpha=0.75, gid="authorities", zorder=3)
        if zeros:
            ax.annotate(f"▼ {zeros} at 0 (off the log scale)", xy=(0, 0.02), xycoords="axes fraction",
                        xytext=(4, 0), textcoords="offset points", size=9, color=DARK_GREY)
        handles = [
            Line2D([], [], linestyle="none", marker="o", markersize=5, color=DARK_BLUE, label="An authority"),
            Line2D([], [], color=DARK_GREY, lw=1.3, label=f"National pooled value ({format_rl(pooled_rl)})"),
            Line2D([], [], color=TURQUOISE, lw=1.4, linestyle="--", label="95% limits"),
            Line2D([], [], color=TURQUOISE, lw=1.4, linestyle=":", label="99.8% limits"),
        ]
        if highlight is not None and highlight[1] > 0:
            ax.plot([highlight[0]], [highlight[1]], linestyle="none", marker="D", markersize=10,
                    color=ORANGE, markeredgecolor=DARK_GREY, gid="highlight", zorder=4)
            handles.append(Line2D([], [], linestyle="none", marker="D", markersize=8, color=ORANGE,
                                  markeredgecolor=DARK_GREY, label=HIGHLIGHT_LABEL))
        ax.set_xscale("log")
        ax.set_xlim(n_low, n_high)
        ax.xaxis.set_major_formatter(_plain_count_formatter())
        log_axis(ax, "y", low, high)
        ax.set_xlabel(f"Minoritised {words.noun} at risk (log scale)")
        ax.set_ylabel("Relative likelihood (log scale)")
        bottom_legend(fig, handles, ncols=3)
    return Chart(fig, title, subtitle, alt, data)


def _plain_count_formatter() -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: f"{v:,.0f}")
