"""A year's written words: the foreword, commentary and extra pages in ``content/<year>/``.

The national report is written as well as computed. What an analyst writes for one
year lives in that year's folder, never in the notebooks (a markdown cell added to a
notebook goes into every year's report):

- ``foreword.md`` opens the year's overview (``index``);
- ``<page>.md``, for a page of the site such as ``indicator-2``, is a commentary
  section at the end of that chapter;
- ``pages/<name>.md``, with a ``title:`` in YAML front matter, is a page of its own
  (in the site's navigation, and a chapter of the whole-report PDF).

``.qmd`` works as ``.md`` does. A front matter block may hold only ``title:`` (for a
foreword or commentary it replaces the heading). Anything else in the folder stops the
build, naming the file and what the folder may hold, rather than being left out
silently. This module reads the folder (``load_content``); ``content_figures`` checks
the figures quoted in it and ``content_pages`` puts it into the pages.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from scwres_helpers.cache import canonical_json
from scwres_helpers.config import CONTENT_DIR
from scwres_helpers.publish.naming import PAGE_NAME_PATTERN

FOREWORD = "foreword"
PAGES_DIR = "pages"
SUFFIXES = (".md", ".qmd")
FRONT_MATTER_KEYS = ("title",)
MAX_CONTENT_BYTES = 1024 * 1024
# The heading a file's text sits under: a foreword or commentary is a section (##) of
# its chapter; a page's title is its level-1 heading.
SECTION_LEVEL = 2
PAGE_LEVEL = 1
# Files an editor leaves while saving: never content.
_EDITOR_LEFTOVERS = ("~", ".swp", ".swx", ".tmp")


class ContentError(ValueError):
    """Content that cannot be published as it stands; the message names the file (and line)."""


@dataclass(frozen=True)
class ContentFile:
    """One file of content: its text without the front matter, and where that text starts.

    ``shown`` is how messages name the file; ``first_line`` is the line of the file on
    which ``text`` starts (after the front matter), so a problem can name its line.
    """

    path: Path
    shown: str
    text: str
    first_line: int = 1
    title: str | None = None

    def where(self, offset: int) -> str:
        """'content/2024/foreword.md, line 7' for the line OFFSET characters into ``text``."""
        return f"{self.shown}, line {self.first_line + self.text.count(chr(10), 0, offset)}"


@dataclass(frozen=True)
class YearContent:
    """What is written for one year; ``variables`` are the figures it may quote (flat keys)."""

    year: int
    foreword: ContentFile | None = None
    commentary: Mapping[str, ContentFile] = field(default_factory=dict)
    pages: Mapping[str, ContentFile] = field(default_factory=dict)
    variables: Mapping[str, str] = field(default_factory=dict)

    def files(self) -> list[ContentFile]:
        """Every file, foreword first, then commentary and pages by name."""
        found = [self.foreword] if self.foreword else []
        return found + [self.commentary[p] for p in sorted(self.commentary)] + [self.pages[p] for p in self.pages]

    def with_variables(self, variables: Mapping[str, str]) -> YearContent:
        return replace(self, variables=dict(variables))

    def fingerprint(self) -> str:
        """A sha256 of everything the pages take from here (for the site's cache key)."""
        files = [[f.shown, f.title, f.text] for f in self.files()]
        return hashlib.sha256(canonical_json({"files": files, "variables": dict(self.variables)}).encode()).hexdigest()

    def feeds(self) -> dict[str, list[ContentFile]]:
        """Page name -> the files that feed it."""
        pages: dict[str, list[ContentFile]] = {}
        if self.foreword:
            pages.setdefault("index", []).append(self.foreword)
        for page, file in self.commentary.items():
            pages.setdefault(page, []).append(file)
        for page, file in self.pages.items():
            pages.setdefault(page, []).append(file)
        return pages


def shown_path(path: Path) -> str:
    """PATH as messages show it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def split_front_matter(raw: str, shown: str) -> tuple[dict, str, int]:
    """(front matter, text after it, line the text starts on) of a file's RAW text."""
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return {}, raw, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip("\r\n") in ("---", "..."):
            try:
                data = yaml.safe_load("".join(lines[1:number - 1])) or {}
            except yaml.YAMLError as error:
                raise ContentError(f"{shown}: the front matter is not valid YAML: {error}") from None
            if not isinstance(data, dict):
                raise ContentError(f"{shown}: the front matter must be 'key: value' lines")
            unknown = [str(k) for k in data if k not in FRONT_MATTER_KEYS]
            if unknown:
                raise ContentError(f"{shown}, line 2: front matter key {unknown[0]!r} is not read; "
                                   f"only {', '.join(FRONT_MATTER_KEYS)} is")
            return data, "".join(lines[number:]), number + 1
    raise ContentError(f"{shown}, line 1: the front matter ('---') is never closed by a '---' line")


def read_content_file(path: Path, *, title_required: bool = False) -> ContentFile:
    """One file of content, read and checked (UTF-8, size, front matter, title)."""
    shown = shown_path(path)
    if path.stat().st_size > MAX_CONTENT_BYTES:
        raise ContentError(f"{shown}: larger than {MAX_CONTENT_BYTES // 1024} KB; is it really words for the report?")
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"{shown}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    front, text, first_line = split_front_matter(raw.lstrip("\ufeff"), shown)
    title = front.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip() or "\n" in title.strip()):
        raise ContentError(f"{shown}, line 2: title must be one line of text")
    if title_required and title is None:
        raise ContentError(f"{shown}: a page needs a title in front matter, on its first lines:\n"
                           "---\ntitle: The page's title\n---")
    return ContentFile(path, shown, text, first_line, title.strip() if title else None)


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})(\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def heading_levels(text: str) -> list[tuple[int, int]]:
    """(level, offset in TEXT) of each markdown heading outside code blocks."""
    found, offset, in_code, previous = [], 0, False, ""
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            atx = _ATX_HEADING.match(line)
            setext = _SETEXT_UNDERLINE.match(line)
            if atx:
                found.append((len(atx.group(1)), offset))
            elif setext and previous.strip() and not _ATX_HEADING.match(previous) \
                    and not previous.lstrip().startswith(("-", "*", "+", ">", "|")):
                found.append((1 if setext.group(1)[0] == "=" else 2, offset - len(previous)))
        previous = "" if in_code else line
        offset += len(line)
    return found


def check_headings(file: ContentFile, level: int) -> None:
    """Headings in FILE, which sits under a heading of LEVEL, must go down one level at a
    time and stay below LEVEL: a tagged PDF (PDF/UA) refuses a gap, and a screen reader's
    list of headings needs the same."""
    current = level
    for found, offset in heading_levels(file.text):
        if found <= 1:
            raise ContentError(f"{file.where(offset)}: a level-1 heading ('# '); the page's title is its only "
                               f"one, so start sections at {'#' * (level + 1)}")
        if found > current + 1:
            raise ContentError(f"{file.where(offset)}: a level-{found} heading ('{'#' * found} ') right under "
                               f"a level-{current} one skips a level; use {'#' * (current + 1)}")
        current = found


def _is_ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith(_EDITOR_LEFTOVERS) or name.startswith("#")


def _markdown_files(folder: Path, what: str, subfolders: Iterable[str] = ()) -> dict[str, Path]:
    """Stem -> file for the .md/.qmd files of FOLDER; anything else but SUBFOLDERS stops the build."""
    found: dict[str, Path] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if _is_ignored(entry.name) or (entry.is_dir() and entry.name in subfolders):
            continue
        path = Path(entry.path)
        if not entry.is_file() or path.suffix not in SUFFIXES:
            raise ContentError(f"{shown_path(path)}: not read; {what}")
        if path.stem in found:
            raise ContentError(f"{shown_path(path)} and {found[path.stem].name}: two files for one page; keep one")
        found[path.stem] = path
    return found


def _nearest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.0)
    return f" (did you mean {close[0]}.md?)" if close else ""


def load_content(year: int, chapters: Iterable[str], content_root: Path = CONTENT_DIR,
                 generated: Iterable[str] = ()) -> YearContent:
    """What ``<content_root>/<year>/`` holds (nothing when there is no such folder).

    CHAPTERS are the site's pages a commentary can join; GENERATED are the pages the
    build writes itself (a content page may not take their names, nor a chapter's).
    """
    folder = Path(content_root) / str(int(year))
    if not folder.is_dir():
        return YearContent(int(year))
    chapters = list(chapters)
    shown = shown_path(folder)
    holds = (f"{shown}/ holds foreword.md, a commentary <page>.md for a page of the site "
             f"({', '.join(chapters)}), and pages/<name>.md (.qmd works as .md)")
    foreword = None
    commentary: dict[str, ContentFile] = {}
    for stem, path in _markdown_files(folder, holds, subfolders=(PAGES_DIR,)).items():
        if stem == FOREWORD:
            foreword = read_content_file(path)
        elif stem in chapters:
            commentary[stem] = read_content_file(path)
        else:
            raise ContentError(f"{shown_path(path)}: no page of the site is called {stem!r}"
                               f"{_nearest(stem, [FOREWORD, *chapters])}; {holds}")
    pages: dict[str, ContentFile] = {}
    pages_folder = folder / PAGES_DIR
    if pages_folder.is_dir():
        taken = {*chapters, *generated}
        for stem, path in _markdown_files(pages_folder, f"{shown}/{PAGES_DIR}/ holds one <name>.md per page").items():
            if not PAGE_NAME_PATTERN.fullmatch(stem):
                raise ContentError(f"{shown_path(path)}: a page's file name becomes its address, so it may hold "
                                   "only lower-case letters, digits and hyphens (e.g. case-study-leeds.md)")
            if stem in taken:
                raise ContentError(f"{shown_path(path)}: the site already has a page called {stem!r}; "
                                   f"to comment on it, write {shown}/{stem}.md instead")
            pages[stem] = read_content_file(path, title_required=True)
    for file in [foreword, *commentary.values()]:
        if file is not None:
            check_headings(file, SECTION_LEVEL)
    for file in pages.values():
        check_headings(file, PAGE_LEVEL)
    return YearContent(int(year), foreword, commentary, pages)
