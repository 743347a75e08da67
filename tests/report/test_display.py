"""Notebook display: image outputs with alt text, markdown with words and data, pipe tables."""

import base64
import json
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from scwres_helpers.report import charts, tables
from scwres_helpers.report.display import (
    chart_bundle,
    chart_caption_markdown,
    chart_markdown,
    format_cell,
    markdown_table,
    table_markdown,
)

from .conftest import SECRET_TEXTS, frame, row, summary_rows

TESTS_DIR = str(Path(__file__).resolve().parents[1])


@pytest.fixture
def chart():
    return charts.summary_dot_interval(frame(summary_rows()), "Testshire")


def test_bundle_is_svg_with_alt_text_by_default(chart):
    data, metadata = chart_bundle(chart)
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert metadata == {"image/svg+xml": {"alt": chart.alt_text}}


def test_bundle_has_svg_png_and_alt_text(chart):
    data, metadata = chart_bundle(chart, dpi=72, png=True)
    assert data["image/svg+xml"].lstrip().startswith("<?xml")
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == chart.alt_text
    assert metadata["image/svg+xml"] == {"alt": chart.alt_text}
    assert metadata["image/png"]["alt"] == chart.alt_text
    assert metadata["image/png"]["width"] == 576


def test_chart_caption_is_title_and_subtitle_once(chart):
    """The caption goes above the image, which draws neither: the title is printed once."""
    lines = chart_caption_markdown(chart).splitlines()
    assert lines == [f"**{chart.title}**", "", chart.subtitle]
    assert chart.title not in chart_markdown(chart)
    assert chart.title not in chart_bundle(chart)[0]["image/svg+xml"]


def test_chart_markdown_has_the_data(chart):
    text = chart_markdown(chart)
    lines = text.splitlines()
    assert lines[0] == "<details>"
    assert "<details>" in lines and "<summary>Data behind this chart</summary>" in lines
    assert "| Indicator | Relative likelihood | Lower 95% limit | Upper 95% limit | Assessment | Note |" in lines
    assert "| Appointment from shortlisting | 0.52 | 0.41 | 0.66 | Less likely: adverse |  |" in lines
    assert "| Harassment from the public | 0 | [x] | [x] | Not assessed | no events in the compared group, so no interval |" in lines
    assert any(line.startswith("Notes: [c] too few people: the figure rests on so few people") for line in lines)
    assert lines[-1] == "</details>"
    assert not any(t in text for t in SECRET_TEXTS)


def test_markdown_table_alignment_and_escaping():
    df = pd.DataFrame({"Name": ["a|b", "c"], "Value": ["1,500", "[c]"], "Share (%)": [12.345, 3.0]})
    assert markdown_table(df).splitlines() == [
        "| Name | Value | Share (%) |",
        "|:---|---:|---:|",
        "| a\\|b | 1,500 | 12.3 |",
        "| c | [c] | 3.0 |",
    ]


def test_table_markdown_caption_and_notes():
    table = tables.summary_table(frame(summary_rows()))
    text = table_markdown(table, "Summary of indicators")
    lines = text.splitlines()
    assert lines[0] == "| Indicator | Relative likelihood | 95% interval | Assessment |"
    assert ": Summary of indicators" in lines
    assert lines[lines.index(": Summary of indicators") - 1] == ""  # a caption paragraph for Pandoc
    assert lines[-1].startswith("Notes: [c] too few people: the figure rests on so few people")


def test_a_table_can_explain_its_own_codes():
    table = tables.summary_table(frame(summary_rows()))
    text = table_markdown(table, "Counts of authorities", note="[c]: fewer than 3 authorities.", gss_notes=False)
    assert text.splitlines()[-1] == "Notes: [c]: fewer than 3 authorities."


@pytest.mark.parametrize(
    ("value", "column", "text"),
    [(0.5249, "Relative likelihood", "0.52"), (2.675, "Relative likelihood", "2.68"),
     (12.25, "Share (%)", "12.3"), (1500.0, "Number at risk", "1,500"), (2024, "Year", "2024"),
     ("[c]", "Relative likelihood", "[c]"), (0.0, "Relative likelihood", "0")],
)
def test_format_cell(value, column, text):
    assert format_cell(value, column) == text


NOTEBOOK_CODE = f"""
import sys
sys.path.insert(0, {TESTS_DIR!r})
from report.conftest import frame, summary_rows
from scwres_helpers.report import charts, tables
from scwres_helpers.report.display import show_chart, show_table
import matplotlib.pyplot as plt
show_chart(charts.summary_dot_interval(frame(summary_rows()), "Testshire"), dpi=72)
show_table(tables.summary_table(frame(summary_rows())), "Summary of indicators")
print(len(plt.get_fignums()))
"""


def _run_notebook() -> list[dict]:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(NOTEBOOK_CODE))
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return nb.cells[0].outputs


def test_outputs_stored_in_an_executed_notebook():
    outputs = _run_notebook()
    caption_md, image, chart_md, table_md, stream = outputs
    assert caption_md["data"]["text/markdown"].startswith("**Clear adverse difference")
    assert image["output_type"] == "display_data"
    assert set(image["data"]) == {"image/svg+xml", "text/plain"}
    alt = image["metadata"]["image/svg+xml"]["alt"]
    assert alt.startswith("Relative likelihood of minoritised compared with white staff for 9 indicators")
    assert image["data"]["text/plain"] == alt
    assert chart_md["data"]["text/markdown"].startswith("<details>")
    assert table_md["data"]["text/markdown"].startswith("| Indicator |")
    assert stream["text"].strip() == "0"  # the figure was closed
    # A second run stores exactly the same outputs.
    assert json.dumps(_run_notebook(), sort_keys=True) == json.dumps(outputs, sort_keys=True)
    plt.close("all")


def test_show_blocks_publishes_what_one_output_per_block_would(monkeypatch, chart):
    """Runs of text and tables go out as one markdown output; the report's markdown
    (outputs joined by a blank line, as notebook_markdown joins them) is unchanged."""
    import IPython.display

    from scwres_helpers.publish.notebook_markdown import notebook_to_markdown
    from scwres_helpers.report.blocks import TableBlock, show_blocks
    from scwres_helpers.report.display import chart_caption_markdown, chart_markdown, table_markdown

    shown: list = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, metadata=None, raw=False: shown.append((obj, metadata)))
    table = TableBlock(tables.summary_table(frame(summary_rows())), "Summary of indicators")
    blocks = ["## Heading", "A sentence.\n", table, chart, "After the chart.", "", "### End"]
    show_blocks(blocks)

    def notebook(outputs):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data=d, metadata=m or {}) for d, m in outputs]
        nb.cells.append(cell)
        return notebook_to_markdown(nb)

    merged = notebook([(obj, meta) if isinstance(obj, dict) else ({"text/markdown": obj.data}, None)
                       for obj, meta in shown])
    image = next(obj for obj, _ in shown if isinstance(obj, dict))
    one_each = notebook([
        ({"text/markdown": "## Heading"}, None), ({"text/markdown": "A sentence.\n"}, None),
        ({"text/markdown": table_markdown(table.frame, table.caption)}, None),
        ({"text/markdown": chart_caption_markdown(chart)}, None),
        (image, {"image/svg+xml": {"alt": chart.alt_text}}),
        ({"text/markdown": chart_markdown(chart)}, None), ({"text/markdown": "After the chart."}, None),
        ({"text/markdown": "### End"}, None),
    ])
    assert merged.markdown == one_each.markdown and merged.images == one_each.images
    assert len(shown) == 3  # text, table and the chart's caption; the image; the chart's data block and the rest


def test_charts_with_one_picture_key_are_saved_once_as_each_would_be_drawn(monkeypatch):
    # Two authorities' withheld trends: one picture, laid out and saved once, which is
    # byte for byte what the second chart's own figure gives.
    from scwres_helpers.report import display
    from scwres_helpers.report.style import figure_to_svg

    def withheld(code: str) -> pd.DataFrame:
        return frame([row("2", year=y, suppressed=True, authority_code=code) for y in (2022, 2023, 2024)])

    first = charts.trend_chart(withheld("E06000001"), "2", "Firstshire")
    second = charts.trend_chart(withheld("E06000002"), "2", "Secondshire")
    own_drawing = figure_to_svg(second.figure)
    monkeypatch.setattr(display, "_SAVED_PICTURES", {})
    saved: list = []
    monkeypatch.setattr(display, "figure_to_svg", lambda fig: saved.append(fig) or figure_to_svg(fig))
    first_svg = chart_bundle(first)[0]["image/svg+xml"]
    second_svg = chart_bundle(second)[0]["image/svg+xml"]
    assert saved == [first.figure]
    assert first_svg == second_svg == own_drawing
    plt.close("all")
