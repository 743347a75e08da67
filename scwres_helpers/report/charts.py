"""Report charts: each builder returns the figure with its title, subtitle, text alternative
and the data behind it.

Every chart follows the Analysis Function guidance: a headline title that says the
finding, a statistical subtitle (what, who, when, the interval), a text alternative
that gives the main figures in words, and the plotted numbers as a tidy table. Shape
and labels, never colour alone, tell points apart. Suppressed rows are never drawn
and show "[c]" in the data; no authority is named except in ``label`` arguments, which
callers fill only with the authority's own name in its own report.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from scwres_helpers import registry
from scwres_helpers.codes import ALL_SERVICES, COMPARED_GROUPS, MINORITISED, PAY_BANDS, REPORTING_SERVICES
from scwres_helpers.indicators.judgement import is_adverse
from scwres_helpers.indicators.select import (
    COMPLETE,
    NO_VALUE,
    RL,
    SHARE,
    SUPPRESSED,
    one_place,
    one_series,
    row_state,
    select,
    single_row,
)
from scwres_helpers.report.trend_change import latest_change, verdict_words
from scwres_helpers.report.chart import (
    NATIONAL_COLUMN,
    NOT_RETURNED,
    NOTE_COLUMN,
    Chart,
    labelled,
    national_cell,
    place_label,
    rl_cells,
    rl_text,
    service_words,
    year_of,
)
from scwres_helpers.report.formatting import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    format_interval,
    format_percent,
    format_rl,
    mark_withheld,
)
from scwres_helpers.report.layout import (
    ADVERSE,
    ESTIMATE,
    NATIONAL,
    body_height,
    bottom_legend,
    direction_labels,
    interval_handles,
    log_axis,
    new_figure,
    reference_guides,
    rl_limits,
    value_label,
)
from scwres_helpers.report.narrative import describe_value, short_flag_note, withheld_label
from scwres_helpers.report.phrases import capitalise, join_words, say
from scwres_helpers.report.spread_charts import distribution_chart, funnel_plot
from scwres_helpers.report.style import DARK_BLUE, DARK_GREY, MID_GREY, report_style
from scwres_helpers.report.wording import (
    GROUP_LABELS,
    SERVICE_LABELS,
    group_adjective,
    group_population,
    white_noun,
)


def _draw_rl_rows(ax, rows: list[pd.Series | None], national: list[pd.Series | None] | None) -> dict:
    """Dots and intervals, one row per category top to bottom, on a log x axis."""
    values: list[float] = []
    for row in rows + (national or []):
        if row is not None and row_state(row) not in (SUPPRESSED, NO_VALUE):
            values.append(float(row["value"]))
            if row_state(row) == COMPLETE:
                values += [float(row["ci_lower"]), float(row["ci_upper"])]
    low, high = rl_limits(values)
    used = {"adverse": False, "hollow": False, "national": False}
    for y, row in enumerate(rows):
        value_label(ax, y, rl_text(row))
        if row is None or row_state(row) in (SUPPRESSED, NO_VALUE):
            continue
        value = float(row["value"])
        if row_state(row) == COMPLETE:
            ax.plot([float(row["ci_lower"]), float(row["ci_upper"])], [y, y], color=DARK_BLUE,
                    lw=1.6, solid_capstyle="butt", gid="interval", zorder=2)
            style = ADVERSE if is_adverse(row) else ESTIMATE
            used["adverse"] |= is_adverse(row)
            ax.plot([value], [y], linestyle="none", gid="estimate", zorder=3, **style)
        else:
            used["hollow"] = True
            x = value if value > 0 else low  # 0 cannot sit on a log axis: draw it at the edge
            ax.plot([x], [y], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                    markeredgecolor=DARK_BLUE, gid="estimate-no-interval", zorder=3, clip_on=False)
    for y, row in enumerate(national or []):
        if row is None or row_state(row) in (SUPPRESSED, NO_VALUE):
            continue
        used["national"] = True
        ax.plot([float(row["value"])], [y + 0.28], linestyle="none", markerfacecolor="white",
                markeredgewidth=1.4, gid="national", zorder=3, **NATIONAL)
    log_axis(ax, "x", low, high)
    return used


def _category_axis(ax, labels: list[str]) -> None:
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0, pad=12)  # room for a zero drawn on the left edge
    ax.grid(axis="x", visible=False)


def _rl_panel_chart(
    title: str,
    subtitle: str,
    alt_text: str,
    labels: list[str],
    rows: list[pd.Series | None],
    data: pd.DataFrame,
    national: list[pd.Series | None] | None = None,
    band: bool = True,
) -> Chart:
    labelled = list(zip(labels, rows))
    labelled += [(say("not_in_full.national", label=label), row) for label, row in zip(labels, national or [])]
    mark_withheld(data, labelled)
    with report_style():
        fig, ax = new_figure(body_height(len(labels)))
        handles = reference_guides(ax, "x", band=band)
        used = _draw_rl_rows(ax, rows, national)
        _category_axis(ax, labels)
        direction_labels(ax)
        ax.set_xlabel("Relative likelihood compared with white staff (log scale)")
        bottom_legend(fig, interval_handles(used["adverse"], used["hollow"], used["national"]) + handles)
    return Chart(fig, title, subtitle, alt_text, data)


def _headline(
    short: str, adverse: list[str], clear: list[str], direction_known: bool, where: str, prep: str
) -> str:
    """'<Indicator>: clear adverse difference for <who>' or 'no clear ... for any <where>'."""
    kind = "adverse difference" if direction_known else "difference"
    found = adverse if direction_known else clear
    if found:
        return f"{short}: clear {kind} {prep} {join_words(found)}"
    return f"{short}: no clear {kind} {prep} any {where}"


def _is_clear(row: pd.Series | None) -> bool:
    return row is not None and row_state(row) == COMPLETE and str(row["assessment"]) in (
        "more_likely", "less_likely")


# --- summary of all indicators --------------------------------------------------------


def summary_dot_interval(
    rows: pd.DataFrame,
    authority_label: str,
    *,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    band: bool = True,
) -> Chart:
    """One dot and 95% interval per headline indicator (2 to 9) for one authority or the nation.

    BAND: shade the four-fifths band (``show_four_fifths_band``).

    Rows without an interval are hollow markers (a zero sits at the left edge) and say
    why in the data; suppressed rows show "[c]" and are not drawn.
    """
    chosen = select(rows, measure=RL, group=group, service=service, breakdown="")
    headline = registry.headline_ids()
    chosen = chosen.loc[chosen["indicator"].isin(headline)]
    if chosen.empty:
        raise ValueError("no relative likelihood rows for the summary chart")
    one_series(chosen)
    year = year_of(chosen)
    items = [single_row(chosen, indicator=ind) for ind in headline]
    present = [(ind, row) for ind, row in zip(headline, items) if row is not None]
    labels = [registry.words(ind).short for ind, _ in present]
    shown = [row for _, row in present]
    adverse = [registry.words(ind).short.lower() for ind, row in present if is_adverse(row)]
    n = len(present)
    who = group_adjective(group)
    if adverse:
        title = (f"Clear adverse difference for {who} staff on {len(adverse)} of {n} "
                 f"indicator{'s' if n != 1 else ''}")
    else:
        title = f"No clear adverse difference for {who} staff on any of {n} indicators"
    subtitle = (
        f"Relative likelihood of {who} compared with white staff, {authority_label}, {year}, "
        f"{service_words(service)}. Dots show the estimate and lines the 95% interval; "
        "1 means equally likely; log scale."
    )
    parts = [labelled(label, row) for label, row in zip(labels, shown)]
    alt = (
        f"Relative likelihood of {who} compared with white staff for {n} indicators, "
        f"{authority_label}, {year}. " + "; ".join(parts) + ". "
        "A value below 1 means less likely than white staff. "
    )
    alt += (f"The difference is clear and adverse for {join_words(adverse)}."
            if adverse else "No indicator shows a clear adverse difference.")
    data = pd.DataFrame(
        [{"Indicator": label, **rl_cells(row)} for label, row in zip(labels, shown)]
    )
    return _rl_panel_chart(title, subtitle, alt, labels, shown, data, band=band)


# --- one indicator: by group, by service ----------------------------------------------


def indicator_groups_chart(
    rows: pd.DataFrame,
    indicator: str,
    national_rows: pd.DataFrame | None = None,
    *,
    service: str = ALL_SERVICES,
    breakdown: str = "",
    label: str | None = None,
    band: bool = True,
) -> Chart:
    """Relative likelihood of each compared group (minoritised, Asian, Black, Mixed, Other).

    With ``national_rows`` the pooled national value of each group is drawn as a hollow
    square beside the authority's dot.
    """
    chosen = select(rows, indicator=indicator, measure=RL, service=service, breakdown=breakdown)
    if chosen.empty:
        raise ValueError(f"no relative likelihood rows for indicator {indicator}")
    one_series(chosen)
    words = registry.words(indicator, breakdown)
    place, year = place_label(chosen, label), year_of(chosen)
    items = [single_row(chosen, group=g) for g in COMPARED_GROUPS]
    labels = [GROUP_LABELS[g] for g in COMPARED_GROUPS]
    national = None
    if national_rows is not None:
        nat = select(national_rows, indicator=indicator, measure=RL, service=service,
                     breakdown=breakdown, scope="national")
        national = [single_row(nat, group=g) for g in COMPARED_GROUPS]
    group_words = [group_adjective(g) for g in COMPARED_GROUPS]
    adverse = [w for w, row in zip(group_words, items) if row is not None and is_adverse(row)]
    clear = [w for w, row in zip(group_words, items) if _is_clear(row)]
    direction_known = registry.adverse_direction(indicator, breakdown) is not None
    title = _headline(words.short, [a + " staff" for a in adverse], [c + " staff" for c in clear],
                      direction_known, "group", "for")
    subtitle = (
        f"Relative likelihood {words.of_outcome}, each group compared with {white_noun(words.noun)}, "
        f"{place}, {year}, {service_words(service)}. Lines show 95% intervals; 1 means equally "
        "likely; log scale." + (" Hollow squares: national pooled value." if national else "")
    )
    parts = [labelled(lab, row) for lab, row in zip(labels, items)]
    alt = (f"Relative likelihood {words.of_outcome} compared with {white_noun(words.noun)}, "
           f"by ethnic group, {place}, {year}. " + "; ".join(parts) + ".")
    if national:
        nat_parts = [f"{lab} {format_rl(float(r['value']))}" for lab, r in zip(labels, national)
                     if r is not None and row_state(r) not in (SUPPRESSED, NO_VALUE)]
        if nat_parts:
            alt += " National pooled values: " + "; ".join(nat_parts) + "."
    records = []
    for i, (lab, row) in enumerate(zip(labels, items)):
        record = {"Ethnic group": lab, **rl_cells(row)}
        if national is not None:
            record[NATIONAL_COLUMN] = national_cell(national[i])
        records.append(record)
    return _rl_panel_chart(title, subtitle, alt, labels, items, pd.DataFrame(records), national, band=band)


def service_comparison_chart(
    rows: pd.DataFrame,
    indicator: str,
    *,
    group: str = MINORITISED,
    breakdown: str = "",
    label: str | None = None,
    band: bool = True,
) -> Chart:
    """Relative likelihood in adult services, children's services and both combined."""
    chosen = select(rows, indicator=indicator, measure=RL, group=group, breakdown=breakdown)
    if chosen.empty:
        raise ValueError(f"no relative likelihood rows for indicator {indicator}")
    one_series(chosen)
    words = registry.words(indicator, breakdown)
    place, year = place_label(chosen, label), year_of(chosen)
    items = [single_row(chosen, service=s) for s in REPORTING_SERVICES]
    labels = [SERVICE_LABELS[s] for s in REPORTING_SERVICES]
    names = [service_words(s) for s in REPORTING_SERVICES]
    adverse = [w for w, row in zip(names, items) if row is not None and is_adverse(row)]
    clear = [w for w, row in zip(names, items) if _is_clear(row)]
    title = _headline(words.short, adverse, clear, registry.adverse_direction(indicator, breakdown) is not None,
                      "service", "in")
    who = group_adjective(group)
    subtitle = (
        f"Relative likelihood {words.of_outcome}, {who} compared with {white_noun(words.noun)}, "
        f"{place}, {year}, by service. Lines show 95% intervals; 1 means equally likely; log scale."
    )
    parts = [labelled(lab, row) for lab, row in zip(labels, items)]
    alt = (f"Relative likelihood {words.of_outcome}, {who} compared with {white_noun(words.noun)}, "
           f"by service, {place}, {year}. " + "; ".join(parts) + ".")
    data = pd.DataFrame([{"Service": lab, **rl_cells(row)} for lab, row in zip(labels, items)])
    return _rl_panel_chart(title, subtitle, alt, labels, items, data, band=band)


# --- trend ----------------------------------------------------------------------------


def trend_chart(
    rows: pd.DataFrame,
    indicator: str,
    label: str,
    *,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    breakdown: str = "",
    pooled_counts: dict[int, int] | None = None,
    band: bool = True,
) -> Chart:
    """Relative likelihood over the years, with 95% intervals, for one place.

    For the national trend pass ``pooled_counts`` (year -> number of authorities whose
    returns the national figure pools): participation changes from year to year, and
    the chart says so in its labels, alt text and data.
    """
    chosen = select(rows, indicator=indicator, measure=RL, group=group, service=service,
                    breakdown=breakdown).sort_values("year", kind="mergesort")
    if chosen.empty:
        raise ValueError(f"no relative likelihood rows for indicator {indicator}")
    one_place(chosen)
    if chosen["year"].duplicated().any():
        raise ValueError("trend rows must have one row per year")
    words = registry.words(indicator, breakdown)
    years = [int(y) for y in chosen["year"]]
    items = [row for _, row in chosen.iterrows()]
    what = f"Relative likelihood {words.of_outcome}, {group_adjective(group)} compared with " \
           f"{white_noun(words.noun)}, {label}"
    title = _trend_title(words.short, years, items)
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else str(years[0])
    subtitle = f"{what}, {span}, {service_words(service)}. Lines show 95% intervals; log scale."
    if pooled_counts:
        subtitle += " Below each year: the number of authorities pooled."

    def year_text(year: int) -> str:
        if pooled_counts and year in pooled_counts:
            return f"{year} ({pooled_counts[year]} authorities)"
        return str(year)

    alt = f"{what}, by year. " + "; ".join(
        f"{year_text(y)}: {describe_value(r)}" for y, r in zip(years, items)) + "."
    records = []
    for y, r in zip(years, items):
        record: dict[str, object] = {"Year": y}
        if pooled_counts:
            record["Authorities pooled"] = pooled_counts.get(y, NOT_AVAILABLE)
        records.append(record | rl_cells(r))
    data = mark_withheld(pd.DataFrame(records), [(str(y), r) for y, r in zip(years, items)])
    ticks = [f"{y}\n{pooled_counts[y]} authorities" if pooled_counts and y in pooled_counts else str(y)
             for y in years]
    with report_style():
        fig, ax = new_figure(3.4)
        handles = reference_guides(ax, "y", band=band)
        used = _draw_trend(ax, items)
        ax.set_xticks(range(len(years)), ticks)
        ax.set_xlim(-0.5, len(years) - 0.5)
        ax.set_ylabel("Relative likelihood (log scale)")
        bottom_legend(fig, interval_handles(used["adverse"], used["hollow"], False) + handles)
    return Chart(fig, title, subtitle, alt, data, picture_key=_no_number_trend_key(items, ticks, band))


def _no_number_trend_key(items: list[pd.Series], ticks: list[str], band: bool) -> tuple | None:
    """A trend with no number to draw in any year is its ticks, the text in place of each
    year's number and the band alone (``Chart.picture_key``): a withheld trend looks the same
    in every report that has one (78 of 153 sample reports). None when a number is drawn."""
    texts = [_no_number_text(r) for r in items]
    if any(text is None for text in texts):
        return None
    return ("trend without numbers", tuple(ticks), tuple(texts), band)


def _no_number_text(row: pd.Series) -> str | None:
    """What a trend shows in place of a year's number (None: it shows the number)."""
    state = row_state(row)
    if state == SUPPRESSED:
        return CONFIDENTIAL + "\n" + textwrap.fill(withheld_label(row), 18)
    if state == NO_VALUE:
        return f"{NOT_AVAILABLE} no value"
    return None


def _trend_title(short: str, years: list[int], items: list[pd.Series]) -> str:
    """The latest year's figure, and the one before it that can be published."""
    latest, latest_row = years[-1], items[-1]
    if row_state(latest_row) == SUPPRESSED:
        return f"{short}: the {latest} figure is withheld ({withheld_label(latest_row)})"
    if row_state(latest_row) == NO_VALUE:
        return f"{short}: no relative likelihood can be calculated for {latest}"
    title = f"{short}: relative likelihood {format_rl(float(latest_row['value']))} in {latest}"
    earlier = [(y, r) for y, r in zip(years[:-1], items[:-1]) if row_state(r) not in (SUPPRESSED, NO_VALUE)]
    if earlier:
        year, row = earlier[-1]
        title += f", compared with {format_rl(float(row['value']))} in {year}"
        change = latest_change(pd.DataFrame([row, latest_row]))
        if change is not None:
            title += f": {verdict_words(change)}"
    return title


def _draw_trend(ax, items: list[pd.Series]) -> dict[str, bool]:
    """Estimates and intervals at x = 0, 1, 2...; a year with no number shows its GSS code."""
    has_value = [row_state(r) not in (SUPPRESSED, NO_VALUE) for r in items]
    drawable = [r for r, ok in zip(items, has_value) if ok]
    values = [float(r["value"]) for r in drawable]
    values += [float(r[c]) for r in drawable if row_state(r) == COMPLETE for c in ("ci_lower", "ci_upper")]
    low, high = rl_limits(values)
    # The joining line breaks at a year without a drawable value (NaN), never bridging it.
    line_y = [float(r["value"]) if ok and float(r["value"]) > 0 else np.nan for r, ok in zip(items, has_value)]
    ax.plot(range(len(items)), line_y, color=MID_GREY, lw=1, linestyle=":", zorder=1, gid="trend-line")
    used = {"adverse": False, "hollow": False}
    for x, r in enumerate(items):
        state = row_state(r)
        text = _no_number_text(r)
        if text is not None:
            ax.annotate(text, xy=(x, 0.04), xycoords=("data", "axes fraction"), ha="center",
                        va="bottom", size=9, color=DARK_GREY)
            continue
        value = float(r["value"])
        y = value if value > 0 else low  # 0 cannot sit on a log axis: draw it at the edge
        if state == COMPLETE:
            ax.plot([x, x], [float(r["ci_lower"]), float(r["ci_upper"])], color=DARK_BLUE, lw=1.6,
                    gid="interval", zorder=2)
            used["adverse"] |= is_adverse(r)
            style = ADVERSE if is_adverse(r) else ESTIMATE
            ax.plot([x], [y], linestyle="none", gid="estimate", zorder=3, **style)
        else:
            used["hollow"] = True
            ax.plot([x], [y], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                    markeredgecolor=DARK_BLUE, gid="estimate-no-interval", zorder=3, clip_on=False)
        ax.annotate(format_rl(value), xy=(x, y), xytext=(9, 0), textcoords="offset points",
                    va="center", size=9, color=DARK_GREY)
    log_axis(ax, "y", low, high)
    return used


# --- representation by pay band -------------------------------------------------------


def representation_chart(
    rows: pd.DataFrame,
    *,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    bands: tuple[str, ...] = PAY_BANDS,
    label: str | None = None,
) -> Chart:
    """Indicator 1: the compared group's share of staff in each pay band, with Wilson intervals."""
    chosen = select(rows, indicator="1", measure=SHARE, group=group, service=service)
    if chosen.empty:
        raise ValueError("no indicator 1 share rows")
    one_series(chosen)
    place, year = place_label(chosen, label), year_of(chosen)
    items = [single_row(chosen, breakdown=b) for b in bands]
    labels = [registry.BAND_LABELS[b] for b in bands]
    who = group_adjective(group)
    shown = [(lab, r) for lab, r in zip(labels, items)
             if r is not None and row_state(r) not in (SUPPRESSED, NO_VALUE)]
    if shown:
        top = max(shown, key=lambda lr: float(lr[1]["value"]))
        bottom = min(shown, key=lambda lr: float(lr[1]["value"]))
        title = (f"The {who} share of staff was highest in the {top[0]} band "
                 f"({format_percent(100 * float(top[1]['value']))}) and lowest in the {bottom[0]} band "
                 f"({format_percent(100 * float(bottom[1]['value']))})")
    else:
        title = f"The {who} share of staff by pay band cannot be published"
    population = group_population(group, "staff")
    subtitle = (
        f"{capitalise(who)} staff as a percentage of {population} in each pay band (full-time-"
        f"equivalent salary), {place}, {year}, {service_words(service)}. Lines show 95% Wilson intervals."
    )
    parts = [labelled(lab, r) for lab, r in zip(labels, items)]
    alt = (f"{capitalise(who)} share of {population} by pay band, {place}, {year}. "
           + "; ".join(parts) + ".")
    share_col = f"{capitalise(who)} share (%)"
    records = [{"Pay band": lab, **_share_cells(r, share_col)} for lab, r in zip(labels, items)]
    data = mark_withheld(pd.DataFrame(records), list(zip(labels, items)))

    uppers = [100 * float(r["ci_upper"]) for _, r in shown if row_state(r) == COMPLETE]
    uppers += [100 * float(r["value"]) for _, r in shown]
    x_high = min(100.0, max([10.0, *uppers]) * 1.15)
    with report_style():
        fig, ax = new_figure(body_height(len(labels)))
        for y, r in enumerate(items):
            if r is None:
                value_label(ax, y, NOT_AVAILABLE + " not returned")
                continue
            state = row_state(r)
            if state == SUPPRESSED:
                value_label(ax, y, f"{CONFIDENTIAL} {withheld_label(r)}")
                continue
            if state == NO_VALUE:
                value_label(ax, y, "No staff in this band")
                continue
            value = 100 * float(r["value"])
            if state == COMPLETE:
                lo, hi = 100 * float(r["ci_lower"]), 100 * float(r["ci_upper"])
                ax.plot([lo, hi], [y, y], color=DARK_BLUE, lw=1.6, gid="interval", zorder=2)
                value_label(ax, y, f"{format_percent(value)} ({format_interval(lo, hi, format_percent)})")
            else:
                value_label(ax, y, format_percent(value))
            ax.plot([value], [y], linestyle="none", gid="estimate", zorder=3, **ESTIMATE)
        _category_axis(ax, labels)
        ax.set_xlim(0, x_high)
        ax.xaxis.set_major_formatter(_percent_formatter())
        ax.grid(axis="x", visible=True)
        ax.set_xlabel(f"{capitalise(who)} share of {population} (%)")
        bottom_legend(fig, [Line2D([], [], color=DARK_BLUE, lw=1.6, label="95% Wilson interval"),
                            Line2D([], [], linestyle="none", **ESTIMATE, label="Share")])
    return Chart(fig, title, subtitle, alt, data)


def _share_cells(row: pd.Series | None, share_col: str) -> dict[str, object]:
    """A share row as percentages (the plotted numbers), or GSS codes."""
    low_col, high_col = "Lower 95% limit (%)", "Upper 95% limit (%)"
    if row is None:
        code, note = NOT_AVAILABLE, NOT_RETURNED
    elif row_state(row) == SUPPRESSED:
        code, note = CONFIDENTIAL, short_flag_note(row)
    elif row_state(row) == NO_VALUE:
        code, note = NOT_AVAILABLE, "no staff of known ethnicity in this band"
    else:
        complete = row_state(row) == COMPLETE
        return {share_col: 100 * float(row["value"]),
                low_col: 100 * float(row["ci_lower"]) if complete else NOT_AVAILABLE,
                high_col: 100 * float(row["ci_upper"]) if complete else NOT_AVAILABLE,
                NOTE_COLUMN: ""}
    return {share_col: code, low_col: code, high_col: code, NOTE_COLUMN: note}


def _percent_formatter() -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: f"{v:g}%")


__all__ = [
    "Chart",
    "distribution_chart",
    "funnel_plot",
    "indicator_groups_chart",
    "representation_chart",
    "service_comparison_chart",
    "summary_dot_interval",
    "trend_chart",
]
