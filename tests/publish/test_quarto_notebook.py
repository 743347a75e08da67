"""The executed notebook as Quarto reads it: what the bundled renderer keeps, in Quarto's terms."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scwres_helpers.publish.notebook_markdown import NotebookError
from scwres_helpers.publish.quarto_notebook import quarto_notebook, write_quarto_notebook

from .test_notebook_markdown import chart_output, markdown_output, small_notebook


def as_json(notebook) -> dict:
    return json.loads(json.dumps(notebook))


def test_parameters_cells_and_streams_are_left_out():
    staged = quarto_notebook(as_json(small_notebook()))
    assert [cell["cell_type"] for cell in staged["cells"]] == ["markdown", "code"]
    code = staged["cells"][1]
    assert [output["output_type"] for output in code["outputs"]] == [
        "display_data", "display_data", "display_data", "execute_result",
    ]
    assert "X07853579" not in json.dumps(staged)  # the injected parameters
    assert "debug print" not in json.dumps(staged) and "UserWarning" not in json.dumps(staged)


def test_each_chart_alt_text_becomes_its_fig_alt_by_output_position():
    code = new_code_cell("show()")
    code.outputs = [
        markdown_output("## A heading"),
        chart_output("First chart: bars, 'quoted' {braces}"),
        markdown_output("Data behind it"),
        chart_output("Second\nchart"),
    ]
    staged = quarto_notebook(as_json(new_notebook(cells=[code, new_code_cell("x = 1")])))
    # Quarto gives output i the i-th entry; markdown outputs get none.
    assert staged["cells"][0]["metadata"]["fig-alt"] == [
        "", "First chart: bars, 'quoted' {braces}", "", "Second chart",
    ]
    assert "fig-alt" not in staged["cells"][1]["metadata"]


def test_the_executed_notebook_is_not_changed(tmp_path):
    source = as_json(small_notebook())
    before = json.dumps(source, sort_keys=True)
    quarto_notebook(source)
    assert json.dumps(source, sort_keys=True) == before
    path = tmp_path / "executed.ipynb"
    path.write_text(json.dumps(source))
    staged = write_quarto_notebook(path, tmp_path / "staged.ipynb")
    assert json.loads(staged.read_text())["cells"][0]["cell_type"] == "markdown"
    assert json.loads(path.read_text()) == source


def test_a_notebook_with_an_error_or_a_chart_without_alt_is_refused():
    failed = new_code_cell("1/0")
    failed.outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    with pytest.raises(NotebookError, match="ZeroDivisionError"):
        quarto_notebook(as_json(new_notebook(cells=[failed])))
    bare = new_code_cell("chart()")
    bare.outputs = [new_output("display_data", data={"image/svg+xml": "<svg/>"}, metadata={})]
    with pytest.raises(NotebookError, match="text alternative"):
        quarto_notebook(as_json(new_notebook(cells=[new_markdown_cell("x"), bare])))
