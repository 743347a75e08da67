"""An executed notebook as Quarto should read it: the same content the bundled renderer
publishes, told to Quarto in Quarto's own terms.

Quarto renders a notebook's stored outputs with ``--no-execute``; the project options
hide every code input (``echo: false``). Three things Quarto would otherwise do
differently from the bundled renderer (``notebook_markdown``) are settled on a
staged copy, never on the executed notebook itself:

- the cells the bundled renderer hides (``notebook_markdown.HIDDEN_TAGS``: the
  parameters cells papermill reads and writes, ``remove-cell``...) are left out;
- streams (stdout, stderr, warnings) are left out: they are a log, not the report;
- each chart's text alternative, which our charts keep in the output's metadata
  (``alt``, where Quarto does not look), is given as the cell's ``fig-alt`` option,
  one entry per output (Quarto's way to set alt text per figure). ``filters/quarto.lua``
  hands it on to the shared filters.

A notebook holding an error output is refused, as by the bundled renderer.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.publish.notebook_markdown import (
    HIDDEN_TAGS,
    IMAGE_TYPES,
    NotebookError,
    alt_text,
    read_notebook,
)

PUBLISHED_OUTPUTS = ("display_data", "execute_result")


def _published_outputs(cell: dict) -> list[dict]:
    outputs = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            raise NotebookError(f"the notebook holds an error ({output.get('ename')}); it cannot be published")
        if kind in PUBLISHED_OUTPUTS:
            outputs.append(output)
    return outputs


def _figure_alts(outputs: list[dict]) -> list[str]:
    """Per output: its chart's text alternative, or "" for an output that is no chart."""
    alts = []
    for output in outputs:
        mime = next((mime for mime, _ in IMAGE_TYPES if mime in output.get("data", {})), None)
        markdown = "text/markdown" in output.get("data", {})
        alts.append(" ".join(alt_text(output, mime).split()) if mime and not markdown else "")
    return alts


def quarto_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of NOTEBOOK (nbformat 4 JSON) ready for ``quarto render --no-execute``."""
    staged = copy.deepcopy(notebook)
    cells = []
    for cell in staged["cells"]:
        if HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell["cell_type"] == "code":
            cell["outputs"] = _published_outputs(cell)
            alts = _figure_alts(cell["outputs"])
            if any(alts):
                cell["metadata"]["fig-alt"] = alts
        cells.append(cell)
    staged["cells"] = cells
    return staged


def write_quarto_notebook(executed: Path | dict[str, Any], staged: Path) -> Path:
    """Stage the executed notebook EXECUTED (its file, or its JSON) for Quarto as STAGED."""
    notebook = quarto_notebook(read_notebook(Path(executed)) if isinstance(executed, (str, Path)) else executed)
    return write_text_atomic(Path(staged), json.dumps(notebook, ensure_ascii=False, indent=1) + "\n")
