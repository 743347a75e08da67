"""The chart style and byte-identical export."""

import hashlib
import io
import os
import subprocess
import sys
import textwrap

import matplotlib
import matplotlib.pyplot as plt
import pytest

from scwres_helpers.report import charts
from scwres_helpers.report.style import PALETTE, figure_to_png, figure_to_svg, report_style

from .conftest import frame, row, summary_rows


def test_backend_is_agg():
    assert matplotlib.get_backend().lower() == "agg"


def test_analysis_function_palette():
    assert PALETTE == ("#12436D", "#28A197", "#801650", "#F46A25")


def test_style_settings_inside_the_block_only():
    before = plt.rcParams["font.size"]
    with report_style():
        assert plt.rcParams["font.sans-serif"] == ["DejaVu Sans"]
        assert 10 <= plt.rcParams["font.size"] <= 12
        assert not plt.rcParams["axes.spines.top"] and not plt.rcParams["axes.spines.right"]
        assert plt.rcParams["axes.grid"] and plt.rcParams["axes.grid.axis"] == "y"
        assert plt.rcParams["svg.hashsalt"] == "scwres"
        assert plt.rcParams["svg.fonttype"] == "none"  # text stays text
        colours = [c["color"].upper() for c in plt.rcParams["axes.prop_cycle"]]
        assert colours[:4] == list(PALETTE)
    assert plt.rcParams["font.size"] == before


def _summary_figure():
    return charts.summary_dot_interval(frame(summary_rows()), "Testshire").figure


def test_svg_and_png_identical_across_runs_in_one_process():
    first, second = _summary_figure(), _summary_figure()
    svg = figure_to_svg(first)
    assert svg == figure_to_svg(second) == figure_to_svg(first)
    assert figure_to_png(first, 100) == figure_to_png(second, 100)
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_png_has_no_software_stamp():
    assert b"Software" not in figure_to_png(_summary_figure(), 72)


SCRIPT = textwrap.dedent(
    """
    import hashlib, sys
    sys.path.insert(0, {tests!r})
    from report.conftest import frame, summary_rows
    from scwres_helpers.report import charts
    from scwres_helpers.report.style import figure_to_png, figure_to_svg
    fig = charts.summary_dot_interval(frame(summary_rows()), "Testshire").figure
    print(hashlib.sha256(figure_to_svg(fig).encode()).hexdigest())
    print(hashlib.sha256(figure_to_png(fig, 100)).hexdigest())
    """
)


def test_svg_and_png_identical_across_processes(tmp_path):
    from pathlib import Path

    tests_dir = str(Path(__file__).resolve().parents[1])
    script = tmp_path / "render.py"
    script.write_text(SCRIPT.format(tests=tests_dir))
    runs = [subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2)]
    assert runs[0] == runs[1]
    fig = _summary_figure()
    here = [hashlib.sha256(figure_to_svg(fig).encode()).hexdigest(),
            hashlib.sha256(figure_to_png(fig, 100)).hexdigest()]
    assert runs[0].split() == here


def test_svg_words_are_text_with_a_font_fallback():
    svg = figure_to_svg(_summary_figure())
    assert ">Appointment from shortlisting</text>" in svg  # words are <text>, not outlines
    assert "font-family: 'DejaVu Sans', Verdana, sans-serif" in svg
    assert "'DejaVu Sans', sans-serif" not in svg


def _trend_figure(place: str):
    rows = frame([row("2", year=2024, value=0.52, lower=0.41, upper=0.66),
                  row("2", year=2023, value=0.70, lower=0.50, upper=0.95)])
    return charts.trend_chart(rows, "2", place).figure


def _distribution_figure(place: str):  # no place is named: the same chart each time
    import pandas as pd

    return charts.distribution_chart(pd.Series([0.4, 0.9, 1.3, 0.7]), 0.9, "2", year=2024).figure


def _funnel_figure(place: str):  # no place is named: the same chart each time
    import pandas as pd

    from scwres_helpers.inference.funnel import LEVEL_998, judge_funnel

    counts = pd.DataFrame([(2, 20, 40, 200), (10, 100, 40, 200), (30, 300, 80, 400), (60, 600, 300, 1500)],
                          columns=["numerator_group", "denominator_group", "numerator_white", "denominator_white"])
    funnel = judge_funnel(counts, LEVEL_998, national=(100, 1000, 400, 2000), overdispersion_test_level=None)
    return charts.funnel_plot(funnel, "2", year=2024).figure


@pytest.mark.parametrize("build", [
    lambda place: charts.summary_dot_interval(frame(summary_rows()), place).figure,
    _trend_figure,
    _distribution_figure,
    _funnel_figure,
], ids=["summary", "trend", "distribution", "funnel"])
def test_text_measured_and_laid_out_once_for_all_charts_gives_the_same_svg_bytes(build):
    """figure_to_svg shares matplotlib's text measures and text layouts across figures,
    and draws a chart once after its layout instead of twice; the same chart built again
    and saved the plain way (matplotlib working out every text afresh, and drawing the
    chart once with drawing switched off for the layout) must come out byte for byte the
    same. Each figure is saved once: a second save of a laid-out figure can move things
    by a millionth of a point."""
    from scwres_helpers.report import style

    figure_to_svg(build("Warm-up shire"))
    assert style._text_metrics.cache_info().currsize > 0  # the shared measures are in use
    layouts = dict(style._TEXT_LAYOUTS)
    assert layouts  # and so are the shared layouts
    fast = figure_to_svg(build("Testshire"))
    hits = style._text_metrics.cache_info().hits
    buffer = io.BytesIO()
    plain_figure = build("Testshire")
    style.readable_log_ticks(plain_figure)  # as figure_to_svg does before it saves
    with report_style():
        plain_figure.savefig(buffer, format="svg", metadata=style.SVG_METADATA)
    plain = buffer.getvalue().decode("utf-8").replace(style._SVG_FONT, style._SVG_FONT_WITH_FALLBACK)
    assert style._text_metrics.cache_info().hits == hits  # the plain save used neither
    assert style._TEXT_LAYOUTS.keys() >= layouts.keys()
    assert fast == plain
    plt.close("all")


def test_saving_draws_a_chart_once_after_its_layout(monkeypatch):
    from matplotlib.figure import Figure

    from scwres_helpers.report import style

    draws = []
    own = style._OWN_FIGURE_DRAW
    monkeypatch.setattr(style, "_OWN_FIGURE_DRAW", lambda fig, renderer: draws.append(fig) or own(fig, renderer))
    fig = _trend_figure("Testshire")
    figure_to_svg(fig)
    assert draws == [fig]  # matplotlib's own save draws it twice, the first time only for the layout
    assert Figure.draw is own  # matplotlib's own again after the save
    assert style._OWN_FIGURE_DRAW is not own  # (the counting stand-in, not Figure.draw, was restored)
    plt.close("all")


def test_a_shared_layout_is_only_reused_for_the_same_text_font_and_alignment():
    from scwres_helpers.report import style

    fig = plt.figure()
    renderer = style.RendererSVG(100, 100, io.StringIO())
    base = fig.text(0, 0, "Indicator 2")
    same = fig.text(0.5, 0.5, "Indicator 2")  # elsewhere: layouts are relative to the anchor
    assert style._text_layout_key(base, renderer) == style._text_layout_key(same, renderer)
    for other in (fig.text(0, 0, "Indicator 3"), fig.text(0, 0, "Indicator 2", size=20),
                  fig.text(0, 0, "Indicator 2", ha="right"), fig.text(0, 0, "Indicator 2", rotation=90),
                  fig.text(0, 0, "Indicator 2", weight="bold"), fig.text(0, 0, "Indicator 2", linespacing=2)):
        assert style._text_layout_key(other, renderer) != style._text_layout_key(base, renderer)
    assert style._text_layout_key(fig.text(0, 0, "Indicator 2", wrap=True), renderer) is None
    assert style._text_layout_key(base, object()) is None  # other renderers measure their own way
    plt.close(fig)


# --- log axes in plain numbers ---------------------------------------------------------


def _tick_labels(svg: str) -> list[str]:
    """The words of every tick label in an SVG, x axis first (matplotlib writes each tick
    as a group ``xtick_N`` / ``ytick_N``; a labelled one holds a <text>)."""
    import re
    import xml.etree.ElementTree as ET

    groups = [g for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")
              if re.fullmatch(r"[xy]tick_\d+", g.get("id", ""))]
    groups.sort(key=lambda g: g.get("id")[0])  # stable: x ticks in order, then y ticks
    words = ["".join(t.itertext()).strip() for g in groups for t in g.iter("{http://www.w3.org/2000/svg}text")]
    return [w for w in words if w]


def test_plain_number_writes_ticks_as_a_reader_would():
    from scwres_helpers.report.style import plain_number

    assert [plain_number(v) for v in (0.05, 0.5, 1, 2, 20, 1000, 20000, 1.25)] == [
        "0.05", "0.5", "1", "2", "20", "1,000", "20,000", "1.25"]


@pytest.mark.parametrize("low, high, expected", [
    (15, 80, ["20", "50"]),  # matplotlib alone: 2 × 10¹, 3 × 10¹, ... 6 × 10¹
    (0.3, 4, ["0.5", "1", "2"]),
    (8, 600, ["10", "20", "50", "100", "200", "500"]),
    (3, 20_000, ["3", "10", "30", "100", "300", "1,000", "3,000", "10,000"]),
])
def test_a_default_log_axis_is_exported_with_plain_number_ticks(low, high, expected):
    fig = matplotlib.figure.Figure(figsize=(8, 3))
    ax = fig.add_subplot()
    ax.plot([low, high], [low, high])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    svg = figure_to_svg(fig)
    assert "\\times" not in svg and "×" not in svg and "10^" not in svg
    labels = _tick_labels(svg)
    assert labels[: len(labels) // 2] == expected  # x axis, then the same on y
    assert labels[len(labels) // 2:] == expected


def test_log_ticks_a_chart_set_itself_are_kept():
    """The relative-likelihood axes keep the ticks ``layout.log_axis`` chose (its list, with
    0.3 and 3 between 0.2, 0.5, 2 and 5)."""
    from scwres_helpers.report.layout import LOG_TICKS

    svg = figure_to_svg(_summary_figure())
    numbers = [float(t) for t in _tick_labels(svg) if t[0].isdigit()]
    assert {0.3, 0.5, 1, 2} <= set(numbers) <= set(LOG_TICKS)


def test_every_chart_builder_labels_its_log_axes_in_plain_numbers():
    """Funnel plots had '2 × 10¹, 3 × 10¹' on the count axis; no chart may print powers of ten."""
    import pandas as pd

    from scwres_helpers.inference.funnel import LEVEL_998, judge_funnel

    # Authorities from 20 to 600 minoritised staff at risk: precisions from about 2 to 60,
    # so the precision axis is labelled 2, 5, 10, 20, 50 (1, 2 and 5 times each power of ten).
    counts = pd.DataFrame([(2, 20, 40, 200), (10, 100, 40, 200), (30, 300, 80, 400), (60, 600, 300, 1500)],
                          columns=["numerator_group", "denominator_group", "numerator_white", "denominator_white"])
    funnel = judge_funnel(counts, LEVEL_998, national=(100, 1000, 400, 2000), overdispersion_test_level=None)
    built = [
        charts.summary_dot_interval(frame(summary_rows()), "Testshire"),
        charts.trend_chart(frame([row("2", year=2024, value=0.52, lower=0.41, upper=0.66),
                                  row("2", year=2023, value=0.70, lower=0.50, upper=0.95)]), "2", "Testshire"),
        charts.distribution_chart(pd.Series([0.4, 0.9, 1.3, 0.7]), 0.9, "2", year=2024),
        charts.funnel_plot(funnel, "2", year=2024),
    ]
    for chart in built:
        svg = figure_to_svg(chart.figure)
        assert "\\times" not in svg and "×" not in svg, chart.title
        labels = _tick_labels(svg)
        assert labels, chart.title
        for label in labels:
            if label[0].isdigit():
                float(label.replace(",", ""))  # a plain number, nothing else
    funnel_labels = _tick_labels(figure_to_svg(built[-1].figure))
    assert {"20", "50"} <= set(funnel_labels)
