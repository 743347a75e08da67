"""The navigation of one site page: navbar, sidebar and year switcher.

Built from ``_quarto.yml`` (through ``quarto_config``) and the pages actually being
published: a page named in the configuration but not built this time is left out
rather than linked to a file that does not exist; a page built but not named in the
configuration is added at the end of the sidebar.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scwres_helpers.publish.html_page import Link, Section, YearLink
from scwres_helpers.publish.quarto_config import NavLink, NavSection, SiteConfig


def page_href(page: str) -> str:
    return f"{page}.html"


def site_pages(config: SiteConfig, available: Iterable[str]) -> list[str]:
    """The pages to publish, in sidebar order, then any the configuration does not name."""
    available = list(dict.fromkeys(available))
    ordered = [page for page in config.page_order() if page in available]
    return ordered + [page for page in available if page not in ordered]


def _link(link: NavLink, current: str) -> Link:
    return Link(page_href(link.page), link.text, link.page == current)


def navbar(config: SiteConfig, pages: Sequence[str], current: str) -> tuple[Link, ...]:
    return tuple(_link(link, current) for link in config.navbar if link.page in pages)


def sidebar(config: SiteConfig, pages: Sequence[str], current: str) -> tuple[Link | Section, ...]:
    entries: list[Link | Section] = []
    for entry in config.sidebar:
        if isinstance(entry, NavSection):
            links = tuple(_link(link, current) for link in entry.links if link.page in pages)
            if links:
                entries.append(Section(entry.title, links))
        elif entry.page in pages:
            entries.append(_link(entry, current))
    named = set(config.page_order())
    entries += [
        Link(page_href(page), config.page_title(page), page == current) for page in pages if page not in named
    ]
    return tuple(entries)


def year_links(years_available: Iterable[int], year: int) -> tuple[YearLink, ...]:
    """Every year's site, newest first, as ``scwres publish`` lays them out: other years at
    ``../<year>/index.html`` (every year is a folder of the published site's root)."""
    years = sorted({int(y) for y in years_available} | {int(year)}, reverse=True)
    if len(years) < 2:
        return ()
    return tuple(YearLink(y, "index.html" if y == year else f"../{y}/index.html", y == year) for y in years)


def pager(config: SiteConfig, pages: Sequence[str], current: str) -> tuple[Link | None, Link | None]:
    """The previous and next pages in reading order (``website.page-navigation`` in
    ``_quarto.yml``; (None, None) when it is off or CURRENT is not in PAGES)."""
    if not config.page_navigation or current not in pages:
        return None, None
    order = list(pages)
    at = order.index(current)

    def link(page: str) -> Link:
        return Link(page_href(page), config.page_title(page))

    return (link(order[at - 1]) if at > 0 else None, link(order[at + 1]) if at + 1 < len(order) else None)
