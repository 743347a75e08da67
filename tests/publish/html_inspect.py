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
