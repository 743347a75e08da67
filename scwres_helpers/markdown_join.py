"""How a notebook's markdown outputs become one document.

Its own module, free of heavy imports, because two sides must agree on it: the
kernel, where ``report.blocks.show_blocks`` merges a run of blocks into one output,
and the renderer (``notebook_markdown``), which joins the outputs of a notebook.
"""

from __future__ import annotations


def join_markdown(parts: list[str]) -> str:
    """Markdown pieces as one document: each trimmed of blank lines, empty ones dropped,
    a blank line between (how a notebook's outputs become one report)."""
    return "\n\n".join(part.strip("\n") for part in parts if part.strip())
