"""Normalising executed notebooks: run-specific metadata goes, content stays."""

from __future__ import annotations

import copy
import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from scwres_helpers.execution.normalise import normalise_notebook, notebook_bytes


def executed_notebook(start: str, pid: int, address: str, injected_id: str) -> nbformat.NotebookNode:
    """A notebook as papermill leaves it, with the run-specific parts as arguments."""
    nb = new_notebook()
    nb.metadata.papermill = {
        "start_time": start,
        "end_time": start,
        "duration": 1.25,
        "exception": None,
        "input_path": "report.ipynb",
        "output_path": "report.ipynb",
        "parameters": {"threshold": 5},
        "version": "2.7.0",
    }
    parameters = new_code_cell("threshold = 3", id="params")
    parameters.metadata.tags = ["parameters"]
    injected = new_code_cell("threshold = 5", id=injected_id)
    injected.metadata.tags = ["injected-parameters"]
    work = new_code_cell("draw()", id="work", execution_count=3)
    work.metadata.execution = {"iopub.execute_input": start, "shell.execute_reply": start}
    work.outputs = [
        new_output("stream", name="stderr", text=f"/tmp/ipykernel_{pid}/123.py:1: FutureWarning: soon\n"),
        new_output(
            "execute_result",
            data={"text/plain": f"<matplotlib.lines.Line2D at {address}>"},
            execution_count=3,
        ),
    ]
    for cell in (parameters, injected, work):
        cell.metadata.papermill = {"start_time": start, "end_time": start, "duration": 0.5, "exception": False, "status": "completed"}
    nb.cells = [parameters, injected, work]
    return nb


def test_two_runs_differing_only_in_volatile_parts_give_identical_bytes() -> None:
    first = executed_notebook("2025-01-01T10:00:00.000001", 1111, "0x7f3a1b2c3d4e", "a1b2c3d4")
    second = executed_notebook("2026-06-30T23:59:59.999999", 2222, "0x7fffeeee0000", "zz99yy88")
    assert notebook_bytes(first) != notebook_bytes(second)
    assert notebook_bytes(normalise_notebook(first)) == notebook_bytes(normalise_notebook(second))


def test_timings_and_execution_metadata_are_removed() -> None:
    nb = normalise_notebook(executed_notebook("2025-01-01T10:00:00", 1, "0x7f3a1b2c3d4e", "abc"))
    assert nb.metadata.papermill == {
        "exception": None,
        "input_path": "report.ipynb",
        "output_path": "report.ipynb",
        "parameters": {"threshold": 5},
        "version": "2.7.0",
    }
    for cell in nb.cells:
        assert cell.metadata.papermill == {"exception": False, "status": "completed"}
        assert "execution" not in cell.metadata


def test_generated_cell_ids_are_fixed_and_authored_ids_kept() -> None:
    nb = normalise_notebook(executed_notebook("t", 1, "0x7f3a1b2c3d4e", "random-id"))
    assert [cell.id for cell in nb.cells] == ["params", "injected-parameters-1", "work"]


def test_kernel_pid_and_object_addresses_are_masked_but_text_kept() -> None:
    nb = normalise_notebook(executed_notebook("t", 4242, "0x7f3a1b2c3d4e", "abc"))
    stream, result = nb.cells[2].outputs
    assert stream.text == "/tmp/ipykernel_0/123.py:1: FutureWarning: soon\n"
    assert result.data["text/plain"] == "<matplotlib.lines.Line2D at 0x0>"


def test_error_tracebacks_are_masked() -> None:
    nb = new_notebook()
    cell = new_code_cell("1/0")
    cell.outputs = [
        new_output(
            "error",
            ename="ZeroDivisionError",
            evalue="division by zero",
            traceback=["File /tmp/ipykernel_977/1.py:1", "ZeroDivisionError: division by zero"],
        )
    ]
    nb.cells = [cell]
    normalise_notebook(nb)
    assert cell.outputs[0].traceback == ["File /tmp/ipykernel_0/1.py:1", "ZeroDivisionError: division by zero"]


def test_content_is_untouched() -> None:
    nb = executed_notebook("t", 1, "0x7f3a1b2c3d4e", "abc")
    before = copy.deepcopy(nb)
    normalise_notebook(nb)
    assert [c.source for c in nb.cells] == [c.source for c in before.cells]
    assert [c.get("execution_count") for c in nb.cells] == [c.get("execution_count") for c in before.cells]
    assert nb.cells[2].outputs[0].name == "stderr"


def test_notebook_bytes_are_sorted_json_with_one_trailing_newline() -> None:
    data = notebook_bytes(normalise_notebook(executed_notebook("t", 1, "0x7f3a1b2c3d4e", "abc")))
    assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
    parsed = json.loads(data)
    assert list(parsed) == sorted(parsed)
    assert data.decode("utf-8") == json.dumps(parsed, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
