"""Executed notebook -> markdown: what a reader sees, and nothing else."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scwres_helpers.publish.notebook_markdown import NotebookError, escape_alt, notebook_to_markdown

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def chart_output(alt: str, svg: str = SVG) -> nbformat.NotebookNode:
    return new_output(
        "display_data",
        data={"image/svg+xml": svg, "text/plain": alt},
        metadata={"image/svg+xml": {"alt": alt}},
    )


def markdown_output(text: str) -> nbformat.NotebookNode:
    return new_output("display_data", data={"text/markdown": text, "text/plain": "<IPython.Markdown>"})


def small_notebook() -> nbformat.NotebookNode:
    params = new_code_cell("authority_code = 'X1'", metadata={"tags": ["parameters"]})
    injected = new_code_cell("authority_code = 'X07853579'", metadata={"tags": ["injected-parameters"]})
    injected.outputs = [new_output("stream", name="stdout", text="injected output")]
    code = new_code_cell("secret_code_input = show()")
    code.outputs = [
        new_output("stream", name="stderr", text="UserWarning: something"),
        new_output("stream", name="stdout", text="debug print"),
        markdown_output("# Title\n"),
        chart_output("Bars [a] and (b)\nsecond line"),
        markdown_output("| A | B |\n|:---|---:|\n| x | 1 |\n\n: A caption\n"),
        new_output("execute_result", data={"text/plain": "<Figure size 640x480>"}, execution_count=1),
    ]
    return new_notebook(cells=[params, injected, new_markdown_cell("Narrative **text**."), code])


def test_only_narrative_and_display_outputs_are_kept():
    document = notebook_to_markdown(small_notebook())
    assert document.markdown == (
        "Narrative **text**.\n\n# Title\n\n"
        '![](fig-01.svg "Bars \\[a\\] and \\(b\\) second line")\n\n'
        "| A | B |\n|:---|---:|\n| x | 1 |\n\n: A caption\n"
    )


@pytest.mark.parametrize(
    "leak", ["secret_code_input", "UserWarning", "debug print", "injected", "<Figure", "X07853579"]
)
def test_nothing_from_code_streams_or_parameters_leaks(leak):
    assert leak not in notebook_to_markdown(small_notebook()).markdown


def test_svg_becomes_a_numbered_file():
    document = notebook_to_markdown(small_notebook())
    assert document.images == {"fig-01.svg": SVG.encode("utf-8")}


def test_image_names_and_folder_can_be_set():
    document = notebook_to_markdown(small_notebook(), image_stem="index-fig", image_dir="images/")
    assert "](images/index-fig-01.svg \"Bars" in document.markdown
    assert list(document.images) == ["index-fig-01.svg"]


def test_png_charts_are_decoded():
    png = b"\x89PNG\r\n\x1a\nfake"
    cell = new_code_cell("x")
    cell.outputs = [
        new_output(
            "display_data",
            data={"image/png": base64.b64encode(png).decode(), "text/plain": "alt"},
            metadata={"image/png": {"alt": "A chart"}},
        )
    ]
    document = notebook_to_markdown(new_notebook(cells=[cell]))
    assert document.images == {"fig-01.png": png}
    assert document.markdown == '![](fig-01.png "A chart")\n'


def test_escape_alt_makes_every_punctuation_mark_literal():
    assert escape_alt("a] b[c <x> *y* & `z`\n!") == r"a\] b\[c \<x\> \*y\* \& \`z\` \!"


def test_error_outputs_are_refused():
    cell = new_code_cell("1/0")
    cell.outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    with pytest.raises(NotebookError, match="ZeroDivisionError"):
        notebook_to_markdown(new_notebook(cells=[cell]))


def test_a_chart_without_alt_text_is_refused():
    cell = new_code_cell("x")
    cell.outputs = [new_output("display_data", data={"image/svg+xml": SVG}, metadata={})]
    with pytest.raises(NotebookError, match="text alternative"):
        notebook_to_markdown(new_notebook(cells=[cell]))


def test_write_puts_markdown_and_images_side_by_side(tmp_path):
    path = notebook_to_markdown(small_notebook()).write(tmp_path, "report.md")
    assert path == tmp_path / "report.md"
    assert (tmp_path / "fig-01.svg").read_text() == SVG


def test_executed_authority_notebook(executed):
    notebook = nbformat.read(executed["authority"], as_version=4)
    document = notebook_to_markdown(executed["authority"])
    charts = [o for c in notebook.cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})]
    assert len(document.images) == len(charts) > 0
    for number, chart in enumerate(charts, start=1):
        alt = escape_alt(chart["metadata"]["image/svg+xml"]["alt"])
        assert f'![](fig-{number:02d}.svg "{alt}")' in document.markdown
    # Tables arrive as pipe tables with a Pandoc caption line.
    assert re.search(r"^\|:?-+:?\|", document.markdown, flags=re.MULTILINE)
    assert re.search(r"^: The indicators for this authority and nationally, 2024$", document.markdown, re.MULTILINE)
    # No code from the notebook's cells.
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if line.strip():
                    assert line not in document.markdown
    assert document.markdown.startswith("# Social Care Workforce Race Equality Standard: ")


def test_a_notebook_file_reads_as_its_node_does(tmp_path):
    """The file is read as JSON, where nbformat stores multi-line text as lists of lines."""
    notebook = small_notebook()
    notebook.cells.append(new_markdown_cell("A paragraph\nover two lines.\n\nAnother."))
    path = tmp_path / "report.ipynb"
    nbformat.write(notebook, str(path))
    assert isinstance(json.loads(path.read_text())["cells"][-1]["source"], list)
    assert notebook_to_markdown(path) == notebook_to_markdown(notebook)


def test_an_older_notebook_file_is_converted_first(tmp_path):
    path = tmp_path / "old.ipynb"
    nbformat.write(nbformat.v4.downgrade(small_notebook()), str(path))
    converted = notebook_to_markdown(path)
    assert "Narrative **text**." in converted.markdown and converted.images
    assert converted == notebook_to_markdown(nbformat.read(str(path), as_version=4))


def test_the_renderer_does_without_nbformat():
    """nbformat (and jsonschema's IRI grammar behind it) costs a render process 1.2 s to import."""
    code = "import sys, scwres_helpers.publish.bundled; print('nbformat' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
