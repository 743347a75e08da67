"""HTML and Typst written straight from our reports' markdown, byte for byte as Pandoc does.

A Pandoc run was a fifth of a full build's CPU (about 0.28 s a report: reading the
markdown, three Lua filters, two writers). The reports and public summaries use a small,
fixed part of markdown (``markdown_subset``), so for them this module does what that run
does: the sanitising, HTML and Typst filters (``filters/sanitise.lua``, ``html.lua``,
``typst.lua``) and Pandoc's HTML5 and Typst writers, for those constructs only. A document
``markdown_subset`` refuses goes to Pandoc. ``tests/publish/test_direct_writers.py``
compares the two on every sample report and on generated text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scwres_helpers.publish.markdown_subset import (
    BlockQuote,
    BulletList,
    Header,
    Para,
    Plain,
    RawHtml,
    Table,
    Unsupported,
    parse,
)

# The filters' settings (their one home is the Lua filters: these must equal them, and
# tests/publish/test_direct_writers.py reads them from there).
WIDE_COLUMNS = 5  # html.lua: a table this wide scrolls on a phone
WHOLE_TABLE_ROWS = 16  # typst.lua: a table this short is kept on one page


def convert(markdown: str) -> tuple[str, str]:
    """(HTML body, Typst body) of MARKDOWN, as ``pandoc.convert_markdown_to_html_and_typst``
    gives them; ``Unsupported`` if the markdown is outside ``markdown_subset``."""
    blocks = parse(markdown)
    identifiers = _identifiers(blocks)
    html = _html_blocks(_html_filter(blocks, set()), identifiers)
    typst = _typst_document(_typst_filter(blocks), identifiers)
    return html + "\n", typst


def stringify(inlines: list) -> str:
    """Pandoc's ``stringify``: the words alone, quotations in curly quotes."""
    parts = []
    for item in inlines:
        kind = item[0]
        if kind == "str":
            parts.append(item[1])
        elif kind == "space":
            parts.append(" ")
        elif kind in ("strong", "emph"):
            parts.append(stringify(item[1]))
        elif kind == "quoted":
            left, right = ("“", "”") if item[1] == "double" else ("‘", "’")
            parts.append(left + stringify(item[2]) + right)
        elif kind == "image":
            parts.append(item[2])
    return "".join(parts)


# Heading identifiers (Pandoc's auto_identifiers) -------------------------------------


def _identifiers(blocks: list) -> dict[int, str]:
    """Each heading's identifier, keyed by id() of the heading: unique within the document."""
    used: set[str] = set()
    found: dict[int, str] = {}
    for header in _headers(blocks):
        base = _identifier(stringify(header.inlines))
        ident, n = base, 0
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        found[id(header)] = ident
    return found


def _headers(blocks: list):
    for block in blocks:
        if isinstance(block, Header):
            yield block
        elif isinstance(block, BlockQuote):
            yield from _headers(block.blocks)


def _identifier(text: str) -> str:
    if any(ord(c) > 127 and c.isalnum() for c in text):
        raise Unsupported("a heading with letters beyond ASCII")
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-. ")
    ident = "-".join(kept.split())
    ident = re.sub(r"^[^a-z]*", "", ident)
    return ident or "section"


# The filters --------------------------------------------------------------------------


def _strong_only(block) -> str | None:
    if isinstance(block, (Para, Plain)) and len(block.inlines) == 1 and block.inlines[0][0] == "strong":
        return stringify(block.inlines[0][1])
    return None


def _lone_image(block):
    if isinstance(block, (Para, Plain)) and len(block.inlines) == 1 and block.inlines[0][0] == "image":
        return block.inlines[0]
    return None


class Div:
    """A div the HTML filter adds: its attributes as written, in order."""

    def __init__(self, blocks: list, attributes: list[tuple[str, str]]) -> None:
        self.blocks = blocks
        self.attributes = attributes


def _html_filter(blocks: list, used: set[str]) -> list:
    """html.lua: tables in labelled scrolling regions, a chart's title and subtitle in a
    caption div."""
    out: list = []
    last_title = None
    for block in blocks:
        if _lone_image(block):
            if len(out) >= 2 and _strong_only(out[-2]) is not None and isinstance(out[-1], (Para, Plain)):
                subtitle, title = out.pop(), out.pop()
                out.append(Div([title, subtitle], [("class", "chart-caption")]))
            out.append(block)
        elif isinstance(block, Table):
            label = stringify(block.caption)
            if label == "":
                label = f"Data behind the chart: {last_title}" if last_title is not None else "Data table"
            classes = "table-scroll wide" if len(block.aligns) >= WIDE_COLUMNS else "table-scroll"
            out.append(Div([block], [("class", classes), ("role", "region"), ("tabindex", "0"),
                                     ("aria-label", _unique(label, used))]))
        elif isinstance(block, BlockQuote):
            out.append(BlockQuote(_html_filter(block.blocks, used)))
        else:
            last_title = _strong_only(block) or last_title
            if isinstance(block, Header):
                last_title = None
            out.append(block)
    return out


def _unique(label: str, used: set[str]) -> str:
    candidate, n = label, 1
    while candidate in used:
        n += 1
        candidate = f"{label} ({n})"
    used.add(candidate)
    return candidate


class RawTypst:
    """Typst the Typst filter writes itself."""

    def __init__(self, text: str) -> None:
        self.text = text


def _typst_string(text: str) -> str:
    flat = re.sub(r"[ \t\n\r\f\v]+", " ", text)  # Lua's %s
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _image_call(image) -> str:
    return f"image({_typst_string(image[1])}, alt: {_typst_string(image[2])}, width: 100%)"


def _typst_filter(blocks: list) -> list:
    """typst.lua: charts kept on a page with their title and subtitle, a data block's
    summary as a bold lead-in kept with its table, short tables kept whole."""
    out: list = []
    after_summary, lead_in = False, None
    for block in blocks:
        image = _lone_image(block)
        if image:
            chart = RawTypst(f"#block(breakable: false, {_image_call(image)})")
            if len(out) >= 2 and _strong_only(out[-2]) is not None and isinstance(out[-1], (Para, Plain)):
                subtitle, title = out.pop(), out.pop()
                out += [RawTypst("#block(breakable: false)["), title, RawTypst("#chart-subtitle["), subtitle,
                        RawTypst("]"), chart, RawTypst("]")]
            else:
                out.append(chart)
        elif after_summary and isinstance(block, (Para, Plain)):
            lead_in = Para([("strong", block.inlines)])
        elif isinstance(block, Table):
            parts = [lead_in, block] if lead_in else [block]
            if 1 + len(block.rows) <= WHOLE_TABLE_ROWS:
                out += [RawTypst("#block(breakable: false)["), *parts, RawTypst("]")]
            else:
                if lead_in:
                    out += [RawTypst("#block(sticky: true)["), lead_in, RawTypst("]")]
                out.append(block)
            lead_in = None
        else:
            if lead_in and not isinstance(block, RawHtml):
                out.append(lead_in)
                lead_in = None
            if isinstance(block, BlockQuote):
                block = BlockQuote(_typst_filter(block.blocks))
            out.append(block)
        after_summary = isinstance(block, RawHtml) and block.text == "<summary>"
    return out


# HTML (Pandoc's html5 writer) -----------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _escape_html(text: str) -> str:
    """Text as Pandoc's HTML writer escapes it (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    """An attribute's value as Pandoc's HTML writer escapes it."""
    return _escape_html(text).replace('"', "&quot;").replace("'", "&#39;")


def _html_inlines(inlines: list) -> str:
    parts = []
    for item in inlines:
        kind = item[0]
        if kind == "str":
            parts.append(_escape_html(item[1]))
        elif kind == "space":
            parts.append(" ")
        elif kind == "strong":
            parts.append(f"<strong>{_html_inlines(item[1])}</strong>")
        elif kind == "emph":
            parts.append(f"<em>{_html_inlines(item[1])}</em>")
        elif kind == "quoted":
            left, right = ("“", "”") if item[1] == "double" else ("‘", "’")
            parts.append(left + _html_inlines(item[2]) + right)
        elif kind == "image":
            parts.append(f'<img src="{_escape_attribute(item[1])}" alt="{_escape_attribute(item[2])}" />')
    return "".join(parts)


def _html_blocks(blocks: list, identifiers: dict[int, str]) -> str:
    return "\n".join(_html_block(block, identifiers) for block in blocks)


def _html_block(block, identifiers: dict[int, str]) -> str:
    if isinstance(block, Para):
        return f"<p>{_html_inlines(block.inlines)}</p>"
    if isinstance(block, Plain):
        return _html_inlines(block.inlines)
    if isinstance(block, Header):
        level = block.level
        return f'<h{level} id="{_escape_attribute(identifiers[id(block)])}">{_html_inlines(block.inlines)}</h{level}>'
    if isinstance(block, RawHtml):
        return block.text
    if isinstance(block, BlockQuote):
        return f"<blockquote>\n{_html_blocks(block.blocks, identifiers)}\n</blockquote>"
    if isinstance(block, BulletList):
        items = "\n".join(f"<li>{_html_inlines(item)}</li>" for item in block.items)
        return f"<ul>\n{items}\n</ul>"
    if isinstance(block, Div):
        attributes = " ".join(f'{name}="{_escape_attribute(value)}"' for name, value in block.attributes)
        return f"<div {attributes}>\n{_html_blocks(block.blocks, identifiers)}\n</div>"
    if isinstance(block, Table):
        return _html_table(block)
    raise TypeError(f"no HTML for {block!r}")


def _html_table(table: Table) -> str:
    styles = [f' style="text-align: {a};"' if a != "default" else "" for a in table.aligns]
    lines = ["<table>"]
    if table.caption:
        lines.append(f"<caption>{_html_inlines(table.caption)}</caption>")
    lines += ["<thead>", "<tr>"]
    lines += [f"<th{style}>{_html_inlines(cell)}</th>" for style, cell in zip(styles, table.head)]
    lines += ["</tr>", "</thead>", "<tbody>"]
    for row in table.rows:
        lines.append("<tr>")
        lines += [f"<td{style}>{_html_inlines(cell)}</td>" for style, cell in zip(styles, row)]
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


# Typst (Pandoc's typst writer) -----------------------------------------------------------

_TYPST_ESCAPES = {
    "\u00a0": "~", "’": "'", "—": "---", "–": "--", "'": "\\'", '"': '\\"',
    "[": "\\[", "]": "\\]", "#": "\\#", "<": "\\<", ">": "\\>", "@": "\\@", "$": "\\$",
    "\\": "\\\\", "`": "\\`", "_": "\\_", "*": "\\*", "~": "\\~",
}
_ORDERED_MARKER = re.compile(r"[0-9]+\.")
_TYPST_SPECIAL = re.compile("[" + re.escape("".join(_TYPST_ESCAPES) + ";/+-=") + "]")
_AFTER_BREAK = "\x00"  # an escape written only at the start of a line (``parse`` refuses NULs)


@lru_cache(maxsize=1 << 16)
def _typst_str(text: str) -> str:
    """Pandoc's ``escapeTypst`` (smart punctuation on)."""
    if not _TYPST_SPECIAL.search(text) and not _ORDERED_MARKER.fullmatch(text):
        return text
    first = text[0]
    if first == ";":
        prefix = "\\"
    elif first in "/+-=" or _ORDERED_MARKER.fullmatch(text):
        prefix = _AFTER_BREAK
    else:
        prefix = ""
    out, last = [prefix], "\n"
    for char in text:
        escaped = _TYPST_ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char == "-" and last == "-":
            out.append("\\-")
        elif char == "/" and last == "/":
            out.append("\\/")
        else:
            out.append(char)
        last = char
    return "".join(out)


def _typst_inlines(inlines: list) -> str:
    parts = []
    i, n = 0, len(inlines)
    while i < n:  # escapeParens: a "(" right after anything but a space is escaped
        item = inlines[i]
        if item[0] == "space" and i + 1 < n:
            parts.append(" ")
            parts.append(_typst_inline(inlines[i + 1]))
            i += 2
            continue
        if item[0] == "str" and item[1].startswith("("):
            parts.append("\\")
        parts.append(_typst_inline(item))
        i += 1
    return "".join(parts)


def _typst_inline(item) -> str:
    kind = item[0]
    if kind == "str":
        return _typst_str(item[1])
    if kind == "space":
        return " "
    if kind in ("strong", "emph"):
        content = _typst_inlines(item[1])
        if content.startswith(_AFTER_BREAK):
            content = "\\" + content[1:]
        return f"#{kind}[{content}]"
    if kind == "quoted":
        mark = '"' if item[1] == "double" else "'"
        return mark + _typst_inlines(item[2]) + mark
    raise Unsupported("an image inside text")


def _at_line_start(text: str) -> str:
    """The after-break escapes written: at the start of a line, where Typst would read the
    character as markup, and nowhere else."""
    if _AFTER_BREAK not in text:
        return text
    lines = text.split("\n")
    return "\n".join(line[0].replace(_AFTER_BREAK, "\\") + line[1:].replace(_AFTER_BREAK, "") if line else line
                     for line in lines)


def _typst_document(blocks: list, identifiers: dict[int, str]) -> str:
    return _at_line_start(_layout(_typst_blocks(blocks, identifiers))) + "\n"


def _typst_blocks(blocks: list, identifiers: dict[int, str]) -> list[tuple[str, bool]]:
    """Each block as (text, whether a blank line follows), Pandoc's ``vcat`` of them."""
    out: list[tuple[str, bool]] = []
    for block in blocks:
        rendered = _typst_block(block, identifiers)
        if rendered is not None:
            out.append(rendered)
    return out


def _layout(chunks: list[tuple[str, bool]]) -> str:
    parts = []
    for i, (text, blank) in enumerate(chunks):
        parts.append(text)
        if i + 1 < len(chunks):
            parts.append("\n\n" if blank else "\n")
    return "".join(parts)


def _typst_block(block, identifiers: dict[int, str]) -> tuple[str, bool] | None:
    if isinstance(block, Para):
        return _typst_inlines(block.inlines), True
    if isinstance(block, Plain):
        return _typst_inlines(block.inlines), False
    if isinstance(block, Header):
        return f"{'=' * block.level} {_typst_inlines(block.inlines)}\n<{identifiers[id(block)]}>", False
    if isinstance(block, RawTypst):
        return block.text, False
    if isinstance(block, RawHtml):
        return None
    if isinstance(block, BlockQuote):
        inner = _layout(_typst_blocks(block.blocks, identifiers))
        return f"#quote(block: true)[\n{inner}\n]", True
    if isinstance(block, BulletList):
        return "\n".join(f"- {_typst_inlines(item)}" for item in block.items), True
    if isinstance(block, Table):
        return _typst_table(block), True
    raise TypeError(f"no Typst for {block!r}")


def _typst_row(cells: list) -> str:
    return ", ".join(f"[{_typst_inlines(cell)}]" for cell in cells) + ","


def _typst_table(table: Table) -> str:
    aligns = "".join(("auto" if a == "default" else a) + "," for a in table.aligns)
    lines = [
        "#figure(",
        "  align(center)[#table(",
        f"    columns: {len(table.aligns)},",
        f"    align: ({aligns}),",
        f"    table.header({_typst_row(table.head)}),",
        "    table.hline(),",
        *(f"    {_typst_row(row)}" for row in table.rows),
        "  )]",
    ]
    if table.caption:
        lines.append(f"  , caption: [{_typst_inlines(table.caption)}]")
    lines += ["  , kind: table", "  )"]
    return "\n".join(lines)
