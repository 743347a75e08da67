"""Reading PDFs in tests with pypdf: text, metadata, tags."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

A4_POINTS = (595.28, 841.89)


@lru_cache(maxsize=8)
def pdf_text(path: Path) -> str:
    """All the text of the PDF, whitespace collapsed (cached: extraction takes seconds)."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).split())


def page_sizes(path: Path) -> set[tuple[float, float]]:
    pages = PdfReader(str(path)).pages
    return {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pages}


def is_a4(path: Path) -> bool:
    return all(abs(w - A4_POINTS[0]) <= 1 and abs(h - A4_POINTS[1]) <= 1 for w, h in page_sizes(path))


def structure(path: Path) -> tuple[Counter, list[str]]:
    """(count of each structure tag, alt texts of /Figure elements) from the tag tree."""
    root = PdfReader(str(path)).trailer["/Root"]
    tags: Counter = Counter()
    alts: list[str] = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        tag = node.get("/S")
        if tag:
            tags[str(tag)] += 1
            if tag == "/Figure":
                alts.append(str(node.get("/Alt", "")))
        if node.get("/K") is not None:
            walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return tags, alts


def catalog(path: Path):
    return PdfReader(str(path)).trailer["/Root"]


def xmp(path: Path) -> str:
    return PdfReader(str(path)).xmp_metadata.stream.get_data().decode("utf-8")


def claims_pdf_ua(path: Path) -> bool:
    return re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp(path)) is not None
