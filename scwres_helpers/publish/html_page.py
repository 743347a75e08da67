"""Whole HTML pages around Pandoc's body fragments, from ``templates/page.html.j2``.

Jinja escapes every value put into the page (titles, the authority's name, link
text); only the body, already sanitised by the Pandoc filters, and the contents
list built here from its headings go in as markup. For an authority report the
style sheet and the chart images are embedded, so the one file opens anywhere
(an email attachment) without fetching anything.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import jinja2

from scwres_helpers.config import TEMPLATES_DIR

PAGE_TEMPLATE = "page.html.j2"
STYLESHEET = TEMPLATES_DIR / "scwres.css"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


class EmbeddingError(ValueError):
    """An image in a self-contained page is not one of the report's own files."""


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    current: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class YearLink:
    year: int
    href: str
    current: bool = False


@dataclass(frozen=True)
class FooterLine:
    text: str
    marking: bool = False


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_template(name: str, **values: object) -> str:
    """Template NAME under ``templates/`` with VALUES, escaped as in a page (the Quarto
    renderer's page furniture)."""
    return _environment().get_template(name).render(**values)


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def with_contents(body: str, *, minimum: int = 3) -> str:
    """BODY with a 'Contents' list of its level-2 headings placed before the first one.

    Pages with fewer than MINIMUM such headings are left alone.
    """
    headings = _H2.findall(body)
    if len(headings) < minimum:
        return body
    items = "\n".join(
        f'<li><a href="#{anchor}">{html.escape(html.unescape(_TAG.sub("", text)), quote=False)}</a></li>'
        for anchor, text in headings
    )
    nav = (
        '<nav class="contents" aria-labelledby="scwres-contents">\n'
        '<h2 id="scwres-contents">Contents</h2>\n'
        f"<ul>\n{items}\n</ul>\n</nav>\n"
    )
    first = _H2.search(body)
    return body[: first.start()] + nav + body[first.start() :]


def embed_images(body: str, images: Mapping[str, bytes]) -> str:
    """Every ``<img src>`` in BODY replaced by a data URI of the named image.

    Raises EmbeddingError for a source that is not in IMAGES, so a page called
    self-contained can never point at a file or server.
    """

    def data_uri(match: re.Match[str]) -> str:
        name = html.unescape(match.group(2))
        if name not in images:
            raise EmbeddingError(f"image {name!r} is not one of the report's images")
        media = MEDIA_TYPES.get(name[name.rfind(".") :].lower(), "application/octet-stream")
        encoded = base64.b64encode(images[name]).decode("ascii")
        return f"{match.group(1)}data:{media};base64,{encoded}{match.group(3)}"

    return _IMG_SRC.sub(data_uri, body)


def render_page(
    *,
    title: str,
    body: str,
    programme: str,
    lang: str = "en-GB",
    page_class: str = "",
    css_inline: str | None = None,
    css_href: str = "",
    home_href: str = "",
    band_marking: str = "",
    navbar: tuple[Link, ...] = (),
    sidebar: tuple[Link | Section, ...] = (),
    years: tuple[YearLink, ...] = (),
    footer_lines: tuple[FooterLine, ...] = (),
    site_page: bool = False,
    description: str = "",
    favicon_href: str = "",
    search_href: str = "",
    pager: tuple[Link | None, Link | None] | None = None,
    scripts: tuple[str, ...] = (),
    author: str = "",
) -> str:
    """The full HTML document (UTF-8 text).

    A SITE_PAGE (of the national site) has the year switcher's place (``scwres
    publish`` fills it), a search box (SEARCH_HREF), previous and next links (PAGER),
    a meta DESCRIPTION and a favicon; an authority report has none of them. AUTHOR (an
    authority's public summary: the council) goes in a meta element, for ``scwres
    publish`` to check that no other summary names it.
    """
    return _environment().get_template(PAGE_TEMPLATE).render(
        title=title,
        body=body,
        programme=programme,
        lang=lang,
        page_class=page_class,
        css_inline=css_inline,
        css_href=css_href,
        home_href=home_href,
        band_marking=band_marking,
        author=author,
        navbar=navbar,
        sidebar=sidebar,
        years=years,
        footer_lines=footer_lines,
        site_page=site_page,
        description=description,
        favicon_href=favicon_href,
        search_href=search_href,
        pager=pager if pager and any(pager) else None,
        scripts=scripts,
    )


def describe(body: str, limit: int = 160) -> str:
    """A page's meta description: the text of its first paragraph, cut at a word within LIMIT."""
    for paragraph in re.findall(r"<p\b[^>]*>(.*?)</p>", body, flags=re.DOTALL):
        text = re.sub(r"\s+", " ", html.unescape(_TAG.sub("", paragraph))).strip()
        if len(text) >= 20:
            if len(text) <= limit:
                return text
            return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + "…"
    return ""
