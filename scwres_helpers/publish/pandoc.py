"""Pandoc (the binary inside pypandoc-binary) turning report markdown into HTML or Typst.

Every conversion reads Pandoc's markdown with the extensions that could let text from
data become markup switched off (raw TeX, raw attributes, dollar maths, citations,
YAML blocks, attribute syntax), then runs ``filters/sanitise.lua`` (raw HTML becomes
text apart from our ``<details>`` wrappers; unsafe links and remote images are
dropped) and one writer filter (``html.lua`` or ``typst.lua``). Output is a body
fragment: the page around it comes from our templates, so every variable in it is
escaped by code we control. Pandoc's output has no dates or versions in it, so the
same markdown always gives the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import pypandoc

from scwres_helpers.publish import direct_writers

FILTERS_DIR = Path(__file__).resolve().parent / "filters"
READER = "markdown" + "".join(
    f"-{ext}"
    for ext in (
        "implicit_figures",  # the alt text is not a visible caption
        "raw_attribute",
        "raw_tex",
        "tex_math_dollars",
        "tex_math_single_backslash",
        "citations",
        "yaml_metadata_block",
        "bracketed_spans",
        "fenced_divs",
        "link_attributes",
        "inline_code_attributes",
        "native_divs",
        "native_spans",
        # Syntax the reports never use. Off, text cannot trigger it (``z^2/4n^2`` was
        # becoming superscript), and the reader has fewer rules to try: 8% quicker.
        "grid_tables",
        "multiline_tables",
        "simple_tables",
        "definition_lists",
        "example_lists",
        "line_blocks",
        "pandoc_title_block",
        "latex_macros",
        "implicit_header_references",
        "shortcut_reference_links",  # "[c]" and "[x]" are codes, never links
        "inline_notes",
        "footnotes",
        "subscript",
        "superscript",
        "strikeout",
        "task_lists",
    )
)
WRITERS = {"html": "html5", "typst": "typst"}
# Marks where both.lua's HTML ends and its Typst begins (it cannot occur in either:
# raw HTML from the markdown is turned into text by sanitise.lua).
BOTH_SPLIT = "\n<!-- scwres: html above, typst below -->\n"


class PandocError(RuntimeError):
    """Pandoc failed; the message carries its stderr."""


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc binary bundled with pypandoc-binary (or a system one it finds)."""
    return pypandoc.get_pandoc_path()


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    """The version of that pandoc (for the build's record of which tools made the reports)."""
    return pypandoc.get_pandoc_version()


def pandoc_command(to: str) -> list[str]:
    """The pandoc command line for converting stdin markdown to TO ('html' or 'typst')."""
    if to not in WRITERS:
        raise ValueError(f"unknown output format {to!r}; expected one of {sorted(WRITERS)}")
    return [
        pandoc_path(),
        "--from", READER,
        "--to", WRITERS[to],
        "--wrap=none",
        "--columns=100000",  # pipe tables keep natural column widths (no equal-width colgroup)
        "--lua-filter", str(FILTERS_DIR / "sanitise.lua"),
        "--lua-filter", str(FILTERS_DIR / f"{to}.lua"),
    ]  # fmt: skip


def _run(command: list[str], markdown: str, to: str) -> str:
    result = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0:
        raise PandocError(f"pandoc to {to} failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8")


def convert_markdown(markdown: str, to: str) -> str:
    """MARKDOWN as an HTML or Typst body fragment."""
    return _run(pandoc_command(to), markdown, to)


def both_command() -> list[str]:
    """The pandoc command line writing stdin markdown as HTML and Typst in one run."""
    return [
        pandoc_path(),
        "--from", READER,
        "--to", str(FILTERS_DIR / "both.lua"),
        "--wrap=none",
        "--columns=100000",
        "--lua-filter", str(FILTERS_DIR / "sanitise.lua"),
    ]  # fmt: skip


BATCH_SPLIT = "\n<!-- scwres: next document -->\n"
COLUMNS = "100000"


def convert_many_to_html_and_typst(markdowns: list[str]) -> list[tuple[str, str]]:
    """[(HTML body, Typst body)] of each of MARKDOWNS, exactly as ``convert_markdown_to_html_and_typst``
    gives them, from one Pandoc run (``filters/batch.lua``): starting Pandoc with its Lua
    filters is about half the work of converting a public summary."""
    if len(markdowns) < 2:
        return [convert_markdown_to_html_and_typst(markdown) for markdown in markdowns]
    with tempfile.TemporaryDirectory(prefix="scwres-pandoc-") as folder:
        paths = []
        for number, markdown in enumerate(markdowns):
            path = Path(folder) / f"{number}.md"
            path.write_text(markdown, encoding="utf-8")
            paths.append(str(path))
        listing = Path(folder) / "batch.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        command = [pandoc_path(), "--from", READER, "--to", str(FILTERS_DIR / "batch.lua"), "--wrap=none",
                   f"--columns={COLUMNS}"]
        result = subprocess.run(command, input=b"", capture_output=True, check=False,
                                env={**os.environ, "SCWRES_BATCH": str(listing), "SCWRES_READER": READER,
                                     "SCWRES_COLUMNS": COLUMNS})
    if result.returncode != 0:
        raise PandocError(f"pandoc (a batch of {len(markdowns)}) failed: "
                          f"{result.stderr.decode('utf-8', 'replace').strip()}")
    documents = result.stdout.decode("utf-8").split(BATCH_SPLIT)
    if len(documents) != len(markdowns):
        raise PandocError(f"pandoc wrote {len(documents)} documents for {len(markdowns)}")
    converted = []
    for document in documents:
        html_body, typst_body = document.split(BOTH_SPLIT)
        converted.append((html_body + "\n", typst_body))
    return converted


def convert_each(markdowns: list[str]) -> list[tuple[str, str] | Exception]:
    """(HTML body, Typst body) of each of MARKDOWNS, exactly as ``convert_markdown_to_html_and_typst``
    gives them, or the error that document failed with (the others are converted).

    A document within ``markdown_subset`` (every report and public summary our code
    writes) is written by ``direct_writers``, the same bytes without a Pandoc run; the rest
    go to Pandoc in one batch, as does a document the direct writers fail on for any other
    reason (Pandoc's bytes are the reference, so the report is still right)."""
    converted: list = [None] * len(markdowns)
    for_pandoc = []
    for number, markdown in enumerate(markdowns):
        try:
            converted[number] = direct_writers.convert(markdown)
        except Exception:  # noqa: BLE001 - Unsupported, or a fault of the quick path: Pandoc's turn
            for_pandoc.append(number)
    for number, bodies in zip(for_pandoc, _pandoc_each([markdowns[n] for n in for_pandoc])):
        converted[number] = bodies
    return converted


def _pandoc_each(markdowns: list[str]) -> list[tuple[str, str] | PandocError]:
    """``convert_many_to_html_and_typst``, but a document Pandoc cannot convert is its error in
    the list and the others are converted (one at a time, once the batch has failed)."""
    if not markdowns:
        return []
    try:
        return convert_many_to_html_and_typst(markdowns)
    except PandocError:
        converted: list[tuple[str, str] | PandocError] = []
        for markdown in markdowns:
            try:
                converted.append(convert_markdown_to_html_and_typst(markdown))
            except PandocError as error:
                converted.append(error)
        return converted


def convert_markdown_to_html_and_typst(markdown: str) -> tuple[str, str]:
    """(HTML body, Typst body) of MARKDOWN, exactly as two ``convert_markdown`` runs give them.

    One Pandoc process reads the markdown once and writes both (``filters/both.lua``):
    about a third less work per report than two runs.
    """
    html_body, typst_body = _run(both_command(), markdown, "html and typst").split(BOTH_SPLIT)
    return html_body + "\n", typst_body
