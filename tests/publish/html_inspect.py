"""Reading rendered HTML in tests with the standard library's parser (no browser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class PageOutline:
    """The elements a test asks about, in document order."""

    elements: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def headings(self) -> list[tuple[int, str]]:
        return [(int(e.tag[1]), e.text) for e in self.elements if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]

    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


class _Collector(HTMLParser):
    TEXT_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "a", "summary", "title", "caption", "p"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = PageOutline()
        self._open: list[Element] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v or "") for k, v in attrs})
        self.outline.elements.append(element)
        if tag in self.TEXT_TAGS:
            self._open.append(element)
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i]
                break

    def handle_data(self, data):
        if self._skip:
            return
        self.outline.text.append(data)
        for element in self._open:
            element.text = " ".join((element.text + " " + data).split())


def outline(html_text: str) -> PageOutline:
    parser = _Collector()
    parser.feed(html_text)
    parser.close()
    return parser.outline


def heading_levels_in_order(levels: list[int]) -> bool:
    """Starts at h1 and never skips a level going down (h2 -> h4)."""
    if not levels or levels[0] != 1:
        return False
    return all(b <= a + 1 for a, b in zip(levels, levels[1:]))


class _ReadingText(HTMLParser):
    """The words of a page's <main>, leaving out navigation, scripts, styles and the band."""

    SKIPPED_TAGS = {"nav", "script", "style", "template"}
    SKIPPED_CLASSES = {"band", "visually-hidden"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, in main, skipped)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        in_main, skipped = self._stack[-1][1:] if self._stack else (False, False)
        classes = set((dict(attrs).get("class") or "").split())
        skipped = skipped or tag in self.SKIPPED_TAGS or bool(classes & self.SKIPPED_CLASSES)
        self._stack.append((tag, in_main or tag == "main", skipped))

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._stack and self._stack[-1][1] and not self._stack[-1][2]:
            self.words.extend(data.split())


def reading_text(html_text: str) -> list[str]:
    """The words a reader reads in the page's main content, in order."""
    parser = _ReadingText()
    parser.feed(html_text)
    parser.close()
    return parser.words
