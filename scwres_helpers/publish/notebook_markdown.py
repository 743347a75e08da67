"""An executed notebook as one Pandoc-markdown document plus its image files.

Both renderers start from the same executed notebook; the bundled one needs it as
markdown. A small exporter over nbformat does this in about 1 ms for an authority
notebook (nbconvert's MarkdownExporter with inputs excluded: about 70 ms), and it
carries each chart's text alternative from the output metadata, which nbconvert's
markdown template drops. What is kept is exactly what a reader should see:

- markdown cells (the narrative), as written;
- ``text/markdown`` display outputs (headings, sentences, pipe tables, data blocks);
- SVG (or PNG) chart outputs, written as ``fig-NN.svg`` and referenced as
  ``![alt](fig-NN.svg)``.

Code, the parameters cells, streams (stdout, stderr, warnings) and plain-text reprs
never reach a report. A notebook that holds an error output is refused: a report
built from a failed run must not be published.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from scwres_helpers.atomic import write_bytes_atomic

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
    """Alt text as literal markdown: one line, every ASCII punctuation mark escaped.

    Pandoc parses image descriptions as markdown, so brackets would end it early and
    ``*``, ``<`` or ``&`` would turn into emphasis, raw HTML or entities.
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def _alt_text(output: dict, mime: str) -> str:
    alt = (output.get("metadata", {}).get(mime) or {}).get("alt") or output.get("data", {}).get("text/plain")
    if isinstance(alt, list):
        alt = "".join(alt)
    if not alt or not str(alt).strip():
        raise NotebookError("a chart output has no text alternative (metadata 'alt')")
    return str(alt)


def _image_bytes(data: object, mime: str) -> bytes:
    text = "".join(data) if isinstance(data, list) else str(data)
    return text.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(text)


def join_markdown(parts: list[str]) -> str:
    """Markdown pieces as one document: each trimmed of blank lines, empty ones dropped,
    a blank line between (how a notebook's outputs become one report)."""
    return "\n\n".join(part.strip("\n") for part in parts if part.strip())


def _is_hidden(cell: dict) -> bool:
    return bool(HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", [])))


def notebook_to_markdown(
    notebook: Path | nbformat.NotebookNode, *, image_stem: str = "fig", image_dir: str = ""
) -> NotebookDocument:
    """Convert an executed notebook; images are named ``<image_stem>-NN.<ext>``.

    IMAGE_DIR (for example ``"images/"``) prefixes each reference in the markdown,
    for pages that keep their images in a folder; the ``images`` keys stay bare names.
    """
    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, Path)) else notebook
    blocks: list[str] = []
    images: dict[str, bytes] = {}
    for cell in nb.cells:
        if _is_hidden(cell):
            continue
        if cell.cell_type == "markdown":
            blocks.append(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                raise NotebookError(f"the notebook holds an error ({output.get('ename')}); it cannot be published")
            if kind not in ("display_data", "execute_result"):
                continue  # streams: stdout, stderr, warnings
            data = output.get("data", {})
            if "text/markdown" in data:
                markdown = data["text/markdown"]
                blocks.append("".join(markdown) if isinstance(markdown, list) else markdown)
                continue
            for mime, ext in IMAGE_TYPES:
                if mime in data:
                    name = f"{image_stem}-{len(images) + 1:02d}.{ext}"
                    images[name] = _image_bytes(data[mime], mime)
                    blocks.append(f"![{escape_alt(_alt_text(output, mime))}]({image_dir}{name})")
                    break
    return NotebookDocument(join_markdown(blocks) + "\n", images)
