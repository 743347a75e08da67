"""The markdown our code writes, read as Pandoc reads it, or refused.

The authority reports and public summaries are markdown our own code composes from a
few constructs: headings, paragraphs, a block quote, tight bullet lists, pipe tables
with a caption, chart images, the ``<details>`` wrappers, bold, italic and smart
punctuation. ``direct_writers`` writes these as HTML and Typst without starting Pandoc,
which was a fifth of a full build's CPU (issue 22). This module turns such markdown into
the blocks Pandoc's reader would make of it (with our reader's extensions, and after
``filters/sanitise.lua``), and raises ``Unsupported`` for anything else (a link, code,
raw HTML, a setext heading, an ambiguous quote...), so that the document goes to Pandoc
instead. Refusing is always safe; accepting must give exactly what Pandoc gives, which
``tests/publish/test_direct_writers.py`` checks against Pandoc itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUMMARY_LINE = re.compile(r"<summary>([^<>]*)</summary>")
HEADING = re.compile(r"(#{1,6}) (\S.*)")
IMAGE = re.compile(r'!\[\]\(([A-Za-z0-9_][A-Za-z0-9_.-]*) "((?:[^"\\]|\\.)*)"\)')
SAFE_SOURCE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*")
# A list item (Pandoc's fancy lists too: "a.", "(iv)"), a rule, a fence, a caption or a setext
# underline.
BLOCK_START = re.compile(r"[*+-]( |$)|\(?([0-9]+|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)]( |$)|[:=~`|]|[-*_ ]+$")
ALIGN_CELL = re.compile(r":?-+:?")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# A run of characters that are only themselves, whatever is around them.
ORDINARY = re.compile(r"[^\\`<&* '\"_\[.\-!\u00a0\u200b\u2028\u2029]+")
# Anything that could make TEXT more than words and spaces.
SPECIAL = re.compile(r"[\\`<&*'\"_\[!\u00a0\u200b\u2028\u2029]|\.\.|\. \.|--")
SPACE = ("space",)
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}
ENTITY = re.compile(r"&(amp|lt|gt|quot|#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,5});")
# Characters that start or end something in Pandoc's markdown we do not model.
REFUSED_CHARS = set("`<")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ESCAPED_PUNCTUATION = re.compile(r"\\[" + re.escape("".join(sorted(PUNCTUATION))) + "]")


class Unsupported(ValueError):
    """The markdown uses something this reader does not model: Pandoc must convert it."""


# Inlines are tuples, as Pandoc's AST names them: ("str", text) | ("space",) |
# ("strong", [...]) | ("emph", [...]) | ("quoted", "double" | "single", [...]) |
# ("image", source, alt text). Blocks are the classes below.


@dataclass
class Header:
    level: int
    inlines: list


@dataclass
class Para:
    inlines: list


@dataclass
class Plain:
    inlines: list


@dataclass
class RawHtml:
    text: str


@dataclass
class BlockQuote:
    blocks: list


@dataclass
class BulletList:
    items: list  # each a list of inlines (a tight list: one Plain per item)


@dataclass
class Table:
    aligns: list  # "left" | "right" | "center" | "default"
    head: list  # cells, each a list of inlines
    rows: list
    caption: list = field(default_factory=list)


def parse(markdown: str) -> list:
    """MARKDOWN's blocks, as Pandoc reads it; ``Unsupported`` where it may not agree."""
    if CONTROL.search(markdown):
        raise Unsupported("a control character (a tab, a carriage return...)")
    return _blocks(markdown.split("\n"))


def _is_blank(line: str) -> bool:
    return line.strip(" ") == ""


def _blocks(lines: list[str]) -> list:
    blocks: list = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _is_blank(line):
            i += 1
            continue
        if line[0] == " ":
            raise Unsupported(f"an indented line: {line[:40]!r}")
        if line[0] == "#":
            match = HEADING.fullmatch(line.rstrip(" "))
            if not match or match.group(2).endswith(("#", "}")):
                raise Unsupported(f"a heading Pandoc may read otherwise: {line[:40]!r}")
            blocks.append(Header(len(match.group(1)), inlines(match.group(2))))
            i += 1
            continue
        if line[0] == ">":
            start, i = i, _run_end(lines, i, ">")
            inner = _blocks([ln[2:] if ln.startswith("> ") else ln[1:] for ln in lines[start:i]])
            if not inner:
                raise Unsupported("an empty block quote")
            blocks.append(BlockQuote(inner))
            continue
        if line[0] == "|":
            start, i = i, _run_end(lines, i, "|")
            table = _table(lines[start:i])
            j = _next_nonblank(lines, i)
            if j < n and lines[j].startswith(": ") and j > i:
                _needs_blank_after(lines, j + 1)
                table.caption = inlines(lines[j][2:].strip(" "))
                i = j + 1
            blocks.append(table)
            continue
        if line.startswith("- "):
            start, i = i, _run_end(lines, i, "- ")
            j = _next_nonblank(lines, i)
            if j < n and lines[j][:2] in ("- ", "* ", "+ "):
                raise Unsupported("a list continued after a blank line (a loose list)")
            items = [ln[2:].strip(" ") for ln in lines[start:i]]
            if any(not item or item[0] in "#>|<:=~`" or BLOCK_START.match(item) for item in items):
                raise Unsupported("a list item Pandoc may read as a block")
            blocks.append(BulletList([inlines(item) for item in items]))
            continue
        if line[0] == "<":
            blocks.extend(_raw_html(lines, i))
            i += 1
            continue
        start = i
        while i < n and not _is_blank(lines[i]):
            i += 1
        blocks.append(_paragraph(lines[start:i]))
    return blocks


def _run_end(lines: list[str], i: int, prefix: str) -> int:
    """Where the run of lines from I that start with PREFIX ends (a blank line must follow)."""
    while i < len(lines) and lines[i].startswith(prefix):
        i += 1
    _needs_blank_after(lines, i)
    return i


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    return i


def _needs_blank_after(lines: list[str], i: int) -> None:
    if i < len(lines) and not _is_blank(lines[i]):
        raise Unsupported(f"a block followed directly by {lines[i][:40]!r}")


def _raw_html(lines: list[str], i: int) -> list:
    """Our data blocks' wrappers, in the one layout we write them: ``<details>``, then
    ``<summary>words</summary>`` and a blank line, ..., a blank line and ``</details>``."""
    line = lines[i].rstrip(" ")
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if line == "<details>" and following.startswith("<summary>"):
        return [RawHtml(line)]
    if line == "</details>" and i > 0 and _is_blank(lines[i - 1]):
        _needs_blank_after(lines, i + 1)
        return [RawHtml(line)]
    match = SUMMARY_LINE.fullmatch(line)
    if match and match.group(1).strip(" ") and i > 0 and lines[i - 1] == "<details>":
        _needs_blank_after(lines, i + 1)
        return [RawHtml("<summary>"), Plain(inlines(match.group(1).strip(" "))), RawHtml("</summary>")]
    raise Unsupported(f"raw HTML: {line[:40]!r}")


def _paragraph(lines: list[str]) -> Para:
    if BLOCK_START.match(lines[0]) or lines[0].startswith("Table:") or lines[0].startswith("table:"):
        raise Unsupported(f"a paragraph Pandoc may read as something else: {lines[0][:40]!r}")
    for line in lines[1:]:
        if line[0] in " #>|<:=~`_" or BLOCK_START.match(line):
            raise Unsupported(f"a paragraph line Pandoc may read as a block: {line[:40]!r}")
    for line in lines:
        if "|" in line or line.endswith(("  ", "\\")):
            raise Unsupported("a pipe or a hard line break in a paragraph")
    text = " ".join(line.strip(" ") for line in lines)
    image = IMAGE.fullmatch(text)
    if image:
        return Para([("image", image.group(1), _image_alt(image.group(1), image.group(2)))])
    return Para(inlines(text))


def _image_alt(source: str, title: str) -> str:
    """The alt text sanitise.lua makes of a chart's title: the title's words as plain text."""
    if not SAFE_SOURCE.fullmatch(source) or ".." in source:
        raise Unsupported(f"an image source: {source[:40]!r}")
    if re.search(r"&[A-Za-z0-9#]+;", title) or any(c.isspace() and c not in " \n" for c in title):
        raise Unsupported("an entity or a special space in an image title")
    if "\\" in ESCAPED_PUNCTUATION.sub("", title):
        raise Unsupported("a backslash in an image title that is not an escape")
    return " ".join(ESCAPED_PUNCTUATION.sub(lambda match: match.group()[1], title).split())


def _table(lines: list[str]) -> Table:
    if len(lines) < 2:
        raise Unsupported("a table without an alignment row")
    rows = [_cells(line) for line in lines]
    width = len(rows[0])
    if any(len(row) != width for row in rows) or any(len(line) > 10_000 for line in lines):
        raise Unsupported("a ragged or very long table")
    if len(rows) < 3 or not any(rows[0]):
        raise Unsupported("a table without a header or without rows")
    aligns = []
    for cell in rows[1]:
        if not ALIGN_CELL.fullmatch(cell):
            raise Unsupported(f"a table alignment cell: {cell[:20]!r}")
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append("center" if left and right else "left" if left else "right" if right else "default")
    return Table(aligns, [inlines(c) for c in rows[0]], [[inlines(c) for c in row] for row in rows[2:]])


def _cells(line: str) -> list[str]:
    """A pipe table row's cells, trimmed; an escaped pipe (``\\|``) is a pipe in its cell."""
    stripped = line.rstrip(" ")
    if not stripped.endswith("|") or stripped.endswith("\\|") or len(stripped) < 2 or "\\\\|" in stripped:
        raise Unsupported(f"a table row Pandoc may split otherwise: {line[:40]!r}")
    return [cell.strip(" ").replace("\\|", "|") for cell in UNESCAPED_PIPE.split(stripped[1:-1])]


# Inlines ---------------------------------------------------------------------------


def inlines(text: str) -> list:
    """TEXT (one line) as Pandoc's inlines: words, spaces, bold, italic and smart quotes."""
    if not SPECIAL.search(text):  # words and spaces alone (most table cells and many sentences)
        out: list = []
        for word in text.split(" "):
            if word:
                if out:
                    out.append(SPACE)
                out.append(("str", word))
        return out
    tokens = _tokens(text)
    return _merge(_emphasis(tokens))


def _tokens(text: str) -> list:
    """TEXT as tokens (kind, text): "lit" (characters that are only themselves), "esc" (one
    escaped or entity character), "space", "star" and "quote" (a ' or " to be made smart)."""
    out: list = []
    i, n = 0, len(text)
    while i < n:
        plain = ORDINARY.match(text, i)
        if plain:
            out.append(("lit", plain.group()))
            i = plain.end()
            continue
        char = text[i]
        if char == "\\":
            if i + 1 < n and text[i + 1] in PUNCTUATION:
                out.append(("esc", text[i + 1]))
                i += 2
                continue
            raise Unsupported("a backslash that escapes nothing (or a non-breaking space)")
        if char in REFUSED_CHARS:
            raise Unsupported(f"{char!r} in text")
        if char == "&":
            match = ENTITY.match(text, i)
            if match:
                out.append(("esc", _entity(match.group(1))))
                i = match.end()
                continue
            if re.match(r"&[A-Za-z0-9#]+;", text[i:]):
                raise Unsupported("an HTML entity")
            out.append(("lit", char))
        elif char == " ":
            if not out or out[-1][0] != "space":
                out.append(("space", " "))
        elif char == "*":
            out.append(("star", char))
        elif char in "'\"":
            out.append(("quote", char))
        elif char == "_":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if not (before.isalnum() and after.isalnum()):
                raise Unsupported("an underscore that may be emphasis")
            out.append(("lit", char))
        elif char == "!" and text.startswith("![", i):
            raise Unsupported("an image inside text")
        elif char == "[":
            close = text.find("]", i)
            if close < 0 or text.startswith(("(", "[", "{"), close + 1) or "[" in text[i + 1:close] \
                    or text[i + 1:i + 2] in ("^", "@", "-") or "\\" in text[i:close]:
                raise Unsupported("brackets Pandoc may read as a link, note or citation")
            out.append(("lit", char))
        elif char == ".":
            if text.startswith(". .", i):
                raise Unsupported("spaced ellipsis")
            if text.startswith("...", i):
                out.append(("lit", "…"))
                i += 3
                continue
            out.append(("lit", char))
        elif char == "-":
            if text.startswith("---", i):
                out.append(("lit", "—"))
                i += 3
                continue
            if text.startswith("--", i):
                out.append(("lit", "–"))
                i += 2
                continue
            out.append(("lit", char))
        elif char == "\u00a0" or char in "\u200b\u2028\u2029":
            raise Unsupported("a non-breaking or special space")
        else:
            out.append(("lit", char))
        i += 1
    if out and out[0][0] == "space":
        out.pop(0)
    if out and out[-1][0] == "space":
        out.pop()
    return _quotes(out)


def _entity(name: str) -> str:
    if name.startswith("#"):
        number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        if number < 32 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF or number in (127, 160):
            raise Unsupported("a numeric entity for a control, space or surrogate character")
        return chr(number)
    return ENTITIES[name]


def _quotes(tokens: list) -> list:
    """Smart quotes: an apostrophe within or after a word is ’, and a quote before a word
    opens a quotation that the same kind of quote after a word closes. Anything else
    (a quote Pandoc might read either way) is refused."""
    out: list = []
    open_kinds: list = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token[0] != "quote":
            out.append(token)
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < n else None
        after_word = before is not None and before[0] in ("lit", "esc") and before[1][-1].isalnum()
        before_word = after is not None and after[0] in ("lit", "esc") and after[1][0].isalnum()
        at_start = before is None or before[0] == "space" or (before[0] == "lit" and before[1][-1] in "([")
        at_end = after is None or after[0] == "space" or (after[0] == "lit" and after[1][0] in ".,;:!?)]")
        char = token[1]
        if char == "'" and after_word and before_word:
            out.append(("lit", "’"))
        elif at_start and before_word and not open_kinds:
            open_kinds.append((char, len(out)))
            out.append(("open", char))
        elif after_word and at_end and open_kinds and open_kinds[-1][0] == char:
            open_kinds.pop()
            out.append(("close", char))
        elif char == "'" and after_word and at_end and not open_kinds:
            out.append(("lit", "’"))
        else:
            raise Unsupported("a quote Pandoc may read otherwise")
    if open_kinds:
        raise Unsupported("a quotation left open")
    return out


def _emphasis(tokens: list) -> list:
    """Tokens to nested inlines: ** ... ** is strong, * ... * emphasis, quotations quoted.
    Only the plain cases: an opener before a non-space, its closer after one."""
    stack: list = [("root", [])]
    i, n = 0, len(tokens)
    while i < n:
        kind, char = tokens[i]
        if kind == "star":
            run = 1
            while i + run < n and tokens[i + run][0] == "star":
                run += 1
            if run > 2:
                raise Unsupported("three or more stars")
            before = tokens[i - 1] if i else None
            after = tokens[i + run] if i + run < n else None
            name = "strong" if run == 2 else "emph"
            top = stack[-1][0]
            closes = (before is not None and before[0] not in ("space", "open") and top == name
                      and (after is None or after[0] in ("space", "close")
                           or (after[0] in ("lit", "esc") and not after[1][0].isalnum())))
            opens = after is not None and after[0] not in ("space", "close") and (before is None or before[0] in ("space", "open") or (before[0] == "lit" and before[1][-1] in "(["))
            if closes:
                _, content = stack.pop()
                stack[-1][1].append((name, content))
            elif opens and name not in [s[0] for s in stack]:
                stack.append((name, []))
            else:
                raise Unsupported("stars Pandoc may read otherwise")
            i += run
            continue
        if kind == "open":
            stack.append(("quoted-" + char, []))
        elif kind == "close":
            name, content = stack.pop()
            if name != "quoted-" + char:
                raise Unsupported("a quotation crossing bold or italic")
            stack[-1][1].append(("quoted", "double" if char == '"' else "single", content))
        else:
            stack[-1][1].append(("space",) if kind == "space" else ("str", char))
        i += 1
    if len(stack) != 1:
        raise Unsupported("bold, italic or a quotation left open")
    return stack[0][1]


def _merge(items: list) -> list:
    """Adjacent characters as one word (Pandoc's Str), nested inlines merged in turn."""
    out: list = []
    for item in items:
        if item[0] == "str" and out and out[-1][0] == "str":
            out[-1] = ("str", out[-1][1] + item[1])
        elif item[0] in ("strong", "emph"):
            content = _merge(item[1])
            if not content:
                raise Unsupported("empty bold or italic")
            out.append((item[0], content))
        elif item[0] == "quoted":
            out.append(("quoted", item[1], _merge(item[2])))
        else:
            out.append(item)
    return out
