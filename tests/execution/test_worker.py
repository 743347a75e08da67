"""Worker helpers: mapping an executed cell back to the source notebook."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from scwres_helpers.execution.worker import _last_started_cell, _source_index


def executed(statuses: list[tuple[str, str | None]]) -> object:
    """Cells tagged as given, with papermill's start time where the cell was started."""
    nb = new_notebook()
    for tag, start in statuses:
        cell = new_code_cell("x") if tag not in ("markdown", "marker") else new_markdown_cell("x")
        if tag == "injected":
            cell.metadata.tags = ["injected-parameters"]
        if tag == "marker":
            cell.metadata.tags = ["papermill-error-cell-tag"]
        cell.metadata.papermill = {"start_time": start, "status": "completed"}
        nb.cells.append(cell)
    return nb


def test_source_index_skips_the_injected_parameters_cell() -> None:
    nb = executed([("markdown", "t"), ("parameters", "t"), ("injected", "t"), ("code", "t"), ("code", None)])
    assert _source_index(nb, 1) == 1  # before the injected cell: unchanged
    assert _source_index(nb, 3) == 2  # after it: one less
    assert _source_index(nb, 4) == 3


def test_source_index_ignores_the_error_markers_papermill_inserts_after_failing() -> None:
    # Executed: 0 parameters, 1 injected, 2 failing. Papermill then inserts a marker at
    # the top and an anchor before the failing cell; its cell_index (2) predates them.
    nb = executed([("marker", None), ("parameters", "t"), ("injected", "t"), ("marker", None), ("code", "t")])
    assert _source_index(nb, 2) == 1


def test_last_started_cell_ignores_cells_papermill_never_started() -> None:
    nb = executed([("code", "t"), ("code", "t"), ("code", None), ("code", None)])
    assert _last_started_cell(nb) == 1
    assert _last_started_cell(executed([("code", None)])) is None
