"""Figures in content: quoted by key, never typed.

Content quotes a published figure with Quarto's variable shortcode, ``{{< var KEY >}}``,
KEY being one of ``variables.yml`` (``publish.variables``). Before anything is
executed the build checks every file of the year's content (``check_content``):

- a key the year does not publish stops the build, naming the file, the line and
  the nearest key (a misspelt key must not reach a reader as a blank or as Quarto's
  ``?var:...``);
- another shortcode, or a code cell to run, stops it too: content is text, the same
  for both renderers, and only the figures come from the tables;
- each decimal number typed by hand is a warning naming the file and line (and a key
  that publishes the same number, if there is one), since such a number can drift
  from the tables.

``resolve`` puts the figures in, for the bundled renderer; Quarto resolves the same
shortcodes itself from ``_variables.yml``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scwres_helpers.config import CONTENT_DIR
from scwres_helpers.publish.content import ContentError, ContentFile, YearContent, load_content
from scwres_helpers.publish.notebook_markdown import escape_alt

VAR_SHORTCODE = re.compile(r"\{\{<\s*var\s+([^\s>]+)\s*>\}\}")
ANY_SHORTCODE = re.compile(r"\{\{<\s*([\w-]*)[^>]*>\}\}")
EXECUTABLE_CODE = re.compile(r"^[ \t]*(```+|~~~+)[ \t]*\{[ \t]*[\w-]+", re.MULTILINE)
# A decimal number typed in prose: 1.83, 0.5, 1,234.5 (not part of a word, a version or a date).
DECIMAL_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)\.\d+(?![\w]|\.\d)")
# Where a number is not prose: link targets, web addresses and code.
_NOT_PROSE = re.compile(r"\]\([^)]*\)|<[a-z]+:[^>]*>|https?://\S+|`[^`\n]*`")


@dataclass(frozen=True)
class ContentWarning:
    """Something worth a look, that does not stop the build."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _blank(match: re.Match) -> str:
    """The match as spaces and its newlines (so offsets and line numbers stay)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def unknown_keys(file: ContentFile, variables: Mapping[str, str]) -> list[str]:
    """One message per quoted key the year does not publish (file, line, nearest key)."""
    problems = []
    for match in VAR_SHORTCODE.finditer(file.text):
        key = match.group(1)
        if key in variables:
            continue
        nearest = difflib.get_close_matches(key, list(variables), n=1, cutoff=0.0)
        hint = f"; the nearest key is {nearest[0]}" if nearest else ""
        problems.append(f"{file.where(match.start())}: no published figure has the key {key!r}{hint}")
    return problems


def unsupported(file: ContentFile) -> list[str]:
    """Shortcodes other than ``var``, and code cells that would be run."""
    problems = []
    for match in ANY_SHORTCODE.finditer(file.text):
        if match.group(1) != "var" or not VAR_SHORTCODE.fullmatch(match.group(0)):
            problems.append(f"{file.where(match.start())}: {match.group(0)!r}: content may quote figures with "
                            "{{< var KEY >}} and nothing else (both renderers must publish the same words)")
    for match in EXECUTABLE_CODE.finditer(file.text):
        problems.append(f"{file.where(match.start())}: a code cell ({match.group(0).strip()}...): content is not "
                        "run; computations belong in the notebooks, figures come from variables.yml")
    return problems


def typed_decimals(file: ContentFile, variables: Mapping[str, str]) -> list[ContentWarning]:
    """A warning for each decimal number typed by hand in FILE's prose."""
    prose = _NOT_PROSE.sub(_blank, VAR_SHORTCODE.sub(_blank, file.text))
    by_value: dict[str, list[str]] = {}
    for key, value in variables.items():
        by_value.setdefault(value, []).append(key)
    warnings = []
    for match in DECIMAL_NUMBER.finditer(prose):
        number = match.group(0)
        keys = by_value.get(number, [])
        more = f" (and {len(keys) - 1} more)" if len(keys) > 1 else ""
        hint = (f"quote it by key, e.g. {{{{< var {keys[0]} >}}}}{more}" if keys
                else "no published figure is exactly that: check it against variables.yml")
        warnings.append(ContentWarning(file.where(match.start()),
                                       f"{number} is typed by hand and can drift from the tables; {hint}"))
    return warnings


def check_content(content: YearContent, variables: Mapping[str, str]) -> tuple[YearContent, list[ContentWarning]]:
    """CONTENT with the year's VARIABLES, and its warnings; ContentError lists what stops the build."""
    problems: list[str] = []
    warnings: list[ContentWarning] = []
    for file in content.files():
        problems += unsupported(file) + unknown_keys(file, variables)
        warnings += typed_decimals(file, variables)
    if problems:
        raise ContentError("\n".join(problems))
    return content.with_variables(variables), warnings


def resolve(text: str, variables: Mapping[str, str]) -> str:
    """TEXT with each ``{{< var KEY >}}`` replaced by the figure, as literal markdown text."""
    return VAR_SHORTCODE.sub(lambda match: escape_alt(variables[match.group(1)]), text)


def load_checked(year: int, variables: Mapping[str, str], chapters: Iterable[str],
                 content_root: Path = CONTENT_DIR) -> tuple[YearContent, list[ContentWarning]]:
    """The year's content, read and checked against its published figures VARIABLES;
    CHAPTERS are the site's pages a commentary may join."""
    from scwres_helpers.publish.site_pages import GENERATED_PAGES

    return check_content(load_content(year, chapters, content_root, GENERATED_PAGES), variables)
