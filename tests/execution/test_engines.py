"""The worker's papermill engines: outputs built as nbformat builds them, without its per-output check."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import output_from_msg

from scwres_helpers.execution import engines


def message(msg_type: str, **content: object) -> dict:
    return {"header": {"msg_type": msg_type}, "content": content}


OUTPUT_MESSAGES = [
    message("stream", name="stdout", text="2 + 2 = 4\n"),
    message("display_data", data={"text/markdown": "**Bold** words", "image/svg+xml": "<svg/>"},
            metadata={"image/svg+xml": {"isolated": True}}, transient={"display_id": "x"}),
    message("execute_result", data={"text/plain": "4"}, metadata={}, execution_count=3),
    message("error", ename="ValueError", evalue="no data", traceback=["Traceback", "ValueError: no data"]),
]


@pytest.mark.parametrize("msg", OUTPUT_MESSAGES, ids=lambda m: m["header"]["msg_type"])
def test_outputs_are_the_nodes_nbformat_builds(msg: dict) -> None:
    built = engines.output_without_schema_check(msg)
    expected = output_from_msg(msg)
    assert built == expected
    assert list(built) == list(expected)  # the same keys in the same order
    assert isinstance(built.get("data", built), nbformat.NotebookNode)


def test_an_output_breaking_the_schema_is_built_unchecked() -> None:
    bad = message("display_data", data={"text/plain": 5}, metadata={})
    with pytest.raises(nbformat.ValidationError):
        output_from_msg(bad)
    assert engines.output_without_schema_check(bad).data == {"text/plain": 5}  # the worker checks it later


def test_other_messages_are_refused_as_nbformat_refuses_them() -> None:
    status = message("status", execution_state="idle")
    with pytest.raises(ValueError):
        output_from_msg(status)
    with pytest.raises(ValueError, match="status"):
        engines.output_without_schema_check(status)


def test_papermill_serialises_a_notebook_only_to_write_it(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list = []
    monkeypatch.setattr(engines, "_papermill_write_ipynb", lambda nb, path: written.append(path))
    nb = nbformat.v4.new_notebook()
    engines._write_ipynb_to_a_path(nb, None)
    assert written == []
    engines._write_ipynb_to_a_path(nb, tmp_path / "out.ipynb")
    assert written == [tmp_path / "out.ipynb"]
