"""Make an executed notebook a pure function of its inputs.

Papermill and nbclient stamp every run with wall-clock times, durations and random
cell ids, and ipykernel puts its process id in the file names it gives cells (they
show up in warnings and tracebacks). Stripping or fixing those makes two runs with
the same inputs write byte-identical files, so a diff of ``outputs/`` shows only
real changes. Timings belong in the manifest, never in a notebook.
"""

from __future__ import annotations

import re
from typing import Any

# Cell metadata papermill and nbclient add that vary from run to run.
_VOLATILE_PAPERMILL_KEYS = ("start_time", "end_time", "duration")
_VOLATILE_CELL_METADATA = ("execution",)
# Tags papermill gives the cells it creates (their ids are random otherwise).
_GENERATED_CELL_TAGS = ("injected-parameters", "papermill-error-cell-tag")
# "/tmp/ipykernel_12345/2937.py": the number after "ipykernel_" is the kernel's pid.
_KERNEL_PID_PATH = re.compile(r"ipykernel_\d+")
# "<Figure at 0x7f3a...>": object addresses differ between processes.
_OBJECT_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{4,}\b")


def _fixed_text(text: Any) -> Any:
    if isinstance(text, list):
        return [_fixed_text(part) for part in text]
    if not isinstance(text, str):
        return text
    text = _KERNEL_PID_PATH.sub("ipykernel_0", text)
    return _OBJECT_ADDRESS.sub("at 0x0", text)


def _normalise_output(output: dict) -> None:
    kind = output.get("output_type")
    if kind == "stream":
        output["text"] = _fixed_text(output.get("text", ""))
    elif kind == "error":
        output["traceback"] = _fixed_text(output.get("traceback", []))
        output["evalue"] = _fixed_text(output.get("evalue", ""))
    elif kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        if "text/plain" in data:
            data["text/plain"] = _fixed_text(data["text/plain"])
    output.get("metadata", {}).pop("transient", None)


def _generated_cell_id(cell: dict, position: int) -> str | None:
    tags = cell.get("metadata", {}).get("tags", [])
    for tag in _GENERATED_CELL_TAGS:
        if tag in tags:
            return f"{tag}-{position}"
    return None


def normalise_notebook(nb: Any) -> Any:
    """Strip run-specific metadata in place and return NB (a NotebookNode or dict)."""
    papermill = nb.get("metadata", {}).get("papermill")
    if isinstance(papermill, dict):
        for key in _VOLATILE_PAPERMILL_KEYS:
            papermill.pop(key, None)
    for position, cell in enumerate(nb.get("cells", [])):
        metadata = cell.get("metadata", {})
        for key in _VOLATILE_CELL_METADATA:
            metadata.pop(key, None)
        cell_papermill = metadata.get("papermill")
        if isinstance(cell_papermill, dict):
            for key in _VOLATILE_PAPERMILL_KEYS:
                cell_papermill.pop(key, None)
        generated_id = _generated_cell_id(cell, position)
        if generated_id is not None and "id" in cell:
            cell["id"] = generated_id
        for output in cell.get("outputs", []):
            _normalise_output(output)
    return nb


def notebook_bytes(nb: Any) -> bytes:
    """Serialise deterministically: nbformat's sorted keys and indent, one trailing newline.

    nbformat's v4 writer alone: ``nbformat.writes`` would check the notebook against the
    schema again, which the worker has just done (``worker._invalid_notebook``)."""
    from nbformat.v4 import writes

    text = writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")
