"""Typst source to a tagged, reproducible A4 PDF (the ``typst`` wheel, no CLI needed).

The document is compiled in a private temporary folder holding the template, the
images and a small main file, so parallel renders never share files. Three things
make the bytes reproducible: the creation date comes from ``SOURCE_DATE_EPOCH``
(in a build: the publication date's, see ``dates``), only the fonts shipped inside matplotlib are used (DejaVu
Sans, the charts' own face, identical on every machine; system fonts are ignored),
and Typst writes no other volatile metadata (its document id is a hash of the
content).

The PDF claims PDF/UA-1 (tagged: headings, tables with header cells, figures with
alt text, document title and language) and PDF/A-2a for archiving; Typst refuses to
compile a document that breaks either, for example an image without alt text.
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import typst

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.config import TEMPLATES_DIR
from scwres_helpers.dates import current_epoch

TEMPLATE = TEMPLATES_DIR / "scwres.typ"
# matplotlib's bundled fonts, found without importing matplotlib (slow to import).
_MATPLOTLIB_DIR = Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0])
FONT_DIR = _MATPLOTLIB_DIR / "mpl-data" / "fonts" / "ttf"
PDF_STANDARDS = ["ua-1", "a-2a"]


def source_date_epoch() -> int:
    """The timestamp written into PDFs (``dates``: the publication date's in a build)."""
    return current_epoch()


def typst_string(text: str) -> str:
    """TEXT as a Typst string literal (for the few values written into source)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def compile_pdf(
    main_source: str,
    out_path: Path,
    *,
    inputs: Mapping[str, str],
    files: Mapping[str, bytes] | None = None,
    file_dirs: Mapping[str, Path] | None = None,
) -> Path:
    """Compile MAIN_SOURCE (which imports ``scwres.typ``) to OUT_PATH.

    INPUTS become ``sys.inputs`` (plain strings: titles, the authority's name).
    FILES are written beside the main file (images, by relative name); FILE_DIRS
    maps a relative folder name to an existing folder linked in (no copying).
    """
    with tempfile.TemporaryDirectory(prefix="scwres-typst-") as tmp:
        root = Path(tmp)
        (root / TEMPLATE.name).write_bytes(TEMPLATE.read_bytes())
        for name, data in (files or {}).items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for name, folder in (file_dirs or {}).items():
            (root / name).symlink_to(Path(folder).resolve(), target_is_directory=True)
        main = root / "main.typ"
        main.write_text(main_source, encoding="utf-8")
        pdf = compile_file(main, root=root, inputs=inputs)
    return write_bytes_atomic(Path(out_path), pdf)


@cache
def _fonts(extra_paths: tuple[str, ...]) -> typst.Fonts:
    """matplotlib's fonts, those in EXTRA_PATHS and Typst's own (as a list of folders gives
    them), read once per process: reading them again took 6 to 13 ms of every compile."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                       font_paths=[str(FONT_DIR), *extra_paths])


def compile_file(
    main: Path, *, root: Path, inputs: Mapping[str, str] | None = None, font_paths: tuple[Path, ...] = ()
) -> bytes:
    """The PDF bytes of the Typst file MAIN (files it reads lie under ROOT).

    The one place the PDF's settings live, for both renderers (Quarto reaches it through
    ``quarto_typst``): PDF/UA-1 and PDF/A-2a, the date from SOURCE_DATE_EPOCH, and only
    the fonts bundled with matplotlib (plus FONT_PATHS), never the machine's.
    """
    return typst.compile(
        str(main),
        root=str(root),
        font_paths=_fonts(tuple(str(path) for path in font_paths)),
        ignore_system_fonts=True,
        sys_inputs=dict(inputs or {}),
        pdf_standards=PDF_STANDARDS,
        timestamp=source_date_epoch(),
    )
