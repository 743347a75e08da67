"""The national notebooks: their shape (fast) and one real execution with papermill (slow)."""

from __future__ import annotations

import re

import nbformat
import pytest

from scwres_helpers.config import NOTEBOOKS_DIR
from scwres_helpers.report.national_blocks import SYNTHETIC_BANNER_TEXT

NATIONAL = NOTEBOOKS_DIR / "national"
NOTEBOOKS = ("index", "indicator", "regions", "participation", "trends", "methodology")
DEFAULTS = {
    "year": "year = 2024",
    "returns_root": 'returns_root = "../../data/sample_returns"',
    "inputs_dir": 'inputs_dir = ""',
    "params": "params = {}",
}


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NATIONAL / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_has_a_parameters_cell_with_working_defaults(name):
    nb = _read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    first = nb.cells[0]
    assert first.cell_type == "code" and first.metadata.get("tags") == ["parameters"]
    lines = first.source.splitlines()
    for line in DEFAULTS.values():
        assert line in lines
    if name == "indicator":
        assert 'indicator = "2"' in lines


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_committed_executed_without_errors(name):
    """Committed executed against the fixture (nbval compares with these outputs)."""
    nb = _read(name)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells), "run `make refresh-notebooks`"
    assert not any(o.get("output_type") == "error" for c in code_cells for o in c.outputs)
    assert (NATIONAL / f"{name}.ipynb").stat().st_size < 3_000_000


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_title_comes_first_and_narrative_adds_no_heading(name):
    """The chapter's h1 is the first output, so no markdown cell may precede it or add a title.

    The methodology chapter is written as markdown, so its sections are headings of its
    markdown cells; the other chapters' narrative adds no heading at all.
    """
    nb = _read(name)
    opening = nb.cells[1].source
    assert nb.cells[1].cell_type == "code" and ("show_blocks(opening)" in opening or "chapter_opening(" in opening)
    assert 'matplotlib.use("Agg")' in opening
    heading = r"^# " if name == "methodology" else r"^#"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert not re.search(heading, cell.source, re.MULTILINE)


@pytest.mark.slow
def test_index_notebook_executes_with_papermill(tmp_path):
    import papermill

    out = tmp_path / "index.ipynb"
    papermill.execute_notebook(str(NATIONAL / "index.ipynb"), str(out), kernel_name="python3",
                               cwd=str(NATIONAL), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    markdown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    # The title comes first, the synthetic-data banner next (one output: show_blocks
    # sends a run of text as one markdown output).
    title, banner = markdown[0].split("\n\n")[:2]
    assert title == "# Overview and key findings"
    assert SYNTHETIC_BANNER_TEXT in banner
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    assert not any(o.get("output_type") == "error" for o in outputs)
    assert not re.search(r"X\d{8}", out.read_text(encoding="utf-8"))
