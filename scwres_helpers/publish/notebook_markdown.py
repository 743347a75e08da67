"""An executed notebook as one Pandoc-markdown document plus its image files.

Both renderers start from the same executed notebook; the bundled one needs it as
markdown. A small exporter over the notebook's JSON does this in about 1 ms for an
authority notebook (nbconvert's MarkdownExporter with inputs excluded: about 70 ms),
and it carries each chart's text alternative from the output metadata, which
nbconvert's markdown template drops. What is kept is exactly what a reader should see:

- markdown cells (the narrative), as written;
- ``text/markdown`` display outputs (headings, sentences, pipe tables, data blocks);
- SVG (or PNG) chart outputs, written as ``fig-NN.svg`` and referenced as
  ``![](fig-NN.svg "alt")``: the text alternative travels as the image's title, a
  plain string to Pandoc, and ``filters/sanitise.lua`` makes it the alt text. (As the
  image description it was parsed as markdown: 8 ms an image, a seventh of Pandoc's
  work on an authority report.)

Code, the parameters cells, streams (stdout, stderr, warnings) and plain-text reprs
never reach a report. A notebook that holds an error output is refused: a report
built from a failed run must not be published.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.markdown_join import join_markdown

if TYPE_CHECKING:
    import nbformat

HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove-output"})
IMAGE_TYPES = (("image/svg+xml", "svg"), ("image/png", "png"))
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class NotebookError(ValueError):
    """The notebook cannot be published as it stands (an error output, no alt text)."""


@dataclass(frozen=True)
class NotebookDocument:
    """The markdown of one notebook and the image files it refers to (name -> bytes)."""

    markdown: str
    images: dict[str, bytes] = field(default_factory=dict)

    def write(self, out_dir: Path, name: str = "index.md") -> Path:
        """Write the markdown and its images into OUT_DIR; return the markdown file."""
        out_dir = Path(out_dir)
        for image_name, data in self.images.items():
            write_bytes_atomic(out_dir / image_name, data)
        return write_bytes_atomic(out_dir / name, self.markdown.encode("utf-8"))


def escape_alt(text: str) -> str:
    """Alt text as a literal markdown string: one line, every ASCII punctuation mark escaped.

    Safe as an image description (brackets cannot end it early, nor ``*``, ``<`` or
    ``&`` become emphasis, raw HTML or entities) and as a quoted title (a quote cannot
    end it); either way Pandoc reads back exactly the text.
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def alt_text(output: dict, mime: str) -> str:
    """A chart output's text alternative (its metadata ``alt``, else its plain text);
    both renderers refuse a chart without one."""
    alt = (output.get("metadata", {}).get(mime) or {}).get("alt") or output.get("data", {}).get("text/plain")
    if isinstance(alt, list):
        alt = "".join(alt)
    if not alt or not str(alt).strip():
        raise NotebookError("a chart output has no text alternative (metadata 'alt')")
    return str(alt)


def _image_bytes(data: object, mime: str) -> bytes:
    text = "".join(data) if isinstance(data, list) else str(data)
    return text.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(text)


def _text(value: object) -> str:
    """A notebook string field, which the file may hold as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def read_notebook(path: Path) -> dict[str, Any]:
    """The notebook file as its JSON: our executed notebooks are nbformat 4, read as
    they are; any other version goes through nbformat's converter. (Importing nbformat
    costs a render process 1.2 s, through jsonschema, for nothing a v4 file needs.)"""
    text = Path(path).read_text(encoding="utf-8")
    notebook = json.loads(text)
    if notebook.get("nbformat") != 4:
        import nbformat

        return nbformat.reads(text, as_version=4)
    return notebook


def _is_hidden(cell: dict) -> bool:
    return bool(HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", [])))


def notebook_to_markdown(
    notebook: Path | nbformat.NotebookNode | dict, *, image_stem: str = "fig", image_dir: str = ""
) -> NotebookDocument:
    """Convert an executed notebook; images are named ``<image_stem>-NN.<ext>``.

    IMAGE_DIR (for example ``"images/"``) prefixes each reference in the markdown,
    for pages that keep their images in a folder; the ``images`` keys stay bare names.
    """
    nb = read_notebook(Path(notebook)) if isinstance(notebook, (str, Path)) else notebook
    blocks: list[str] = []
    images: dict[str, bytes] = {}
    for cell in nb["cells"]:
        if _is_hidden(cell):
            continue
        if cell["cell_type"] == "markdown":
            blocks.append(_text(cell["source"]))
            continue
        if cell["cell_type"] != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                raise NotebookError(f"the notebook holds an error ({output.get('ename')}); it cannot be published")
            if kind not in ("display_data", "execute_result"):
                continue  # streams: stdout, stderr, warnings
            data = output.get("data", {})
            if "text/markdown" in data:
                blocks.append(_text(data["text/markdown"]))
                continue
            for mime, ext in IMAGE_TYPES:
                if mime in data:
                    name = f"{image_stem}-{len(images) + 1:02d}.{ext}"
                    images[name] = _image_bytes(data[mime], mime)
                    blocks.append(f'![]({image_dir}{name} "{escape_alt(alt_text(output, mime))}")')
                    break
    return NotebookDocument(join_markdown(blocks) + "\n", images)
