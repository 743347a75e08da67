"""The chart style and byte-identical export."""

import hashlib
import os
import subprocess
import sys
import textwrap

import matplotlib
import matplotlib.pyplot as plt

from scwres_helpers.report import charts
from scwres_helpers.report.style import PALETTE, figure_to_png, figure_to_svg, report_style

from .conftest import frame, summary_rows


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


def test_text_measured_once_for_all_charts_gives_the_same_svg_bytes():
    """figure_to_svg shares matplotlib's text measures across figures; a figure saved
    the plain way (a fresh cache of its own) must come out byte for byte the same."""
    import io

    from scwres_helpers.report import style

    figure_to_svg(charts.summary_dot_interval(frame(summary_rows()), "Warm-up shire").figure)
    assert style._text_metrics.cache_info().currsize > 0  # the shared measures are in use
    chart = charts.summary_dot_interval(frame(summary_rows()), "Testshire")
    fast = figure_to_svg(chart.figure)
    hits = style._text_metrics.cache_info().hits
    buffer = io.BytesIO()
    with report_style():
        chart.figure.savefig(buffer, format="svg", metadata=style.SVG_METADATA)
    plain = buffer.getvalue().decode("utf-8").replace(style._SVG_FONT, style._SVG_FONT_WITH_FALLBACK)
    assert style._text_metrics.cache_info().hits == hits  # the plain save did not use them
    assert fast == plain
    plt.close("all")
