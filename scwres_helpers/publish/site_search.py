"""The bundled site's search: an index of every section, searched in the browser.

No server takes part: ``search-index.js`` holds every page's sections (title,
heading, link with its anchor, plain text) as a script, so the search page works
from any static host and from a file opened on disk (where a browser would refuse
to fetch a JSON file). The search itself is Fuse.js (``templates/site/fuse.min.js``,
the version Quarto ships, Apache 2.0) driven by ``templates/site/search.js``; the
search page's words are in ``templates/search.html.j2``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

from scwres_helpers.config import TEMPLATES_DIR
from scwres_helpers.publish.html_page import render_template

SEARCH_PAGE = "search"
INDEX_SCRIPT = "search-index.js"
SITE_SCRIPTS = TEMPLATES_DIR / "site"
SCRIPTS = ("fuse.min.js", "search.js")  # copied beside the pages
PAGE_SCRIPTS = ("fuse.min.js", INDEX_SCRIPT, "search.js")  # the search page's, in the order they must run
SEARCH_TEMPLATE = "search.html.j2"
_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SKIPPED = re.compile(r"<(script|style|svg)\b.*?</\1>", re.DOTALL)
_SPACE = re.compile(r"\s+")
TEXT_LIMIT = 4000  # characters of text kept per section: enough to match, small enough to load


def plain_text(fragment: str) -> str:
    """FRAGMENT's words without tags, entities decoded, runs of space made one."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", _SKIPPED.sub(" ", fragment)))).strip()


def page_sections(href: str, page_title: str, body: str) -> list[dict]:
    """One entry per section of a page body (the text before the first heading is the
    page's own), each with the link to its heading."""
    entries = []
    cuts = [(m.start(), m.end(), m.group(2), plain_text(m.group(3))) for m in _HEADING.finditer(body)]
    starts = [(0, 0, "", page_title), *cuts]
    for index, (_, end, anchor, heading) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        text = plain_text(body[end:stop])
        if not text and index:
            continue
        entries.append({
            "href": f"{href}#{anchor}" if anchor else href,
            "page": page_title,
            "section": heading,
            "text": text[:TEXT_LIMIT],
        })
    return entries


def search_index_script(pages: Mapping[str, tuple[str, str]]) -> str:
    """``search-index.js``: PAGES (href -> (title, body HTML)) as a list of sections.

    JSON with ``<`` escaped, so no text of a page can close the script.
    """
    entries = [entry for href, (title, body) in pages.items() for entry in page_sections(href, title, body)]
    data = json.dumps(entries, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    return "window.scwresSearchIndex = " + data.replace("<", "\\u003c") + ";\n"


def search_page_body() -> str:
    """The search page's body (a heading, how to search, the results' place)."""
    return render_template(SEARCH_TEMPLATE)
