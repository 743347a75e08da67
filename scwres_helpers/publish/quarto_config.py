"""The national site's pages, titles and navigation, read from ``_quarto.yml``.

``_quarto.yml`` is the one source of truth: Quarto reads it directly and the bundled
renderer and the build read it through here, so both sites publish the same pages
(``project.render``) with the same title, page titles, navbar and sidebar order.
Pages are named by their file stem (``index``, ``indicator-3``, ``downloads``),
which is also the name of the HTML page. What each page is made from is
``site_pages``' business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from scwres_helpers.config import QUARTO_CONFIG
from scwres_helpers.yaml_files import read_yaml


class QuartoConfigError(ValueError):
    """``_quarto.yml`` lacks something both renderers rely on."""


@dataclass(frozen=True)
class NavLink:
    """A link to one page of the site: its name (file stem) and the link text."""

    page: str
    text: str


@dataclass(frozen=True)
class NavSection:
    """A titled group of links in the sidebar (the indicators)."""

    title: str
    links: tuple[NavLink, ...]


@dataclass(frozen=True)
class SiteConfig:
    """The site's title, language, navbar links, sidebar (links and sections) and the
    pages it publishes (``project.render``; the sidebar's pages when that is absent)."""

    title: str
    lang: str
    navbar: tuple[NavLink, ...]
    sidebar: tuple[NavLink | NavSection, ...]
    pages: tuple[str, ...] = ()
    page_navigation: bool = False  # website.page-navigation: previous and next links on each page
    site_url: str = ""  # website.site-url: where the published site lives (sitemap, 404 page)
    description: str = ""  # website.description: the home page's meta description, if given

    def sidebar_links(self) -> list[NavLink]:
        """Every sidebar link in reading order, sections flattened."""
        links: list[NavLink] = []
        for entry in self.sidebar:
            links.extend(entry.links if isinstance(entry, NavSection) else (entry,))
        return links

    def page_order(self) -> list[str]:
        """Page names in the order of the sidebar (the order of the whole report)."""
        return [link.page for link in self.sidebar_links()]

    def page_title(self, page: str) -> str:
        """The sidebar text for PAGE (its title), else the navbar text, else the name."""
        for link in (*self.sidebar_links(), *self.navbar):
            if link.page == page:
                return link.text
        return page.replace("-", " ").capitalize()


def _page_name(href: str) -> str:
    return PurePosixPath(str(href)).stem


def _link(item: dict) -> NavLink:
    if not isinstance(item, dict) or "href" not in item:
        raise QuartoConfigError(f"a navigation entry needs an href: {item!r}")
    page = _page_name(item["href"])
    return NavLink(page, str(item.get("text") or page))


def _sidebar_entry(item: dict) -> NavLink | NavSection:
    if isinstance(item, dict) and "section" in item:
        return NavSection(str(item["section"]), tuple(_link(i) for i in item.get("contents", [])))
    return _link(item)


def load_site_config(path: Path = QUARTO_CONFIG) -> SiteConfig:
    """Read the website title, language, navbar and sidebar from ``_quarto.yml``."""
    config = read_yaml(path) or {}  # read on every page of a preview's quick path
    website = config.get("website") or {}
    if not website.get("title"):
        raise QuartoConfigError(f"{path}: website.title is missing")
    sidebar = website.get("sidebar") or {}
    if isinstance(sidebar, list):  # Quarto allows a list of sidebars; the first is the site's
        sidebar = sidebar[0] if sidebar else {}
    contents = sidebar.get("contents") or []
    if not contents:
        raise QuartoConfigError(f"{path}: website.sidebar.contents is empty")
    navbar = (website.get("navbar") or {}).get("left") or []
    site = SiteConfig(
        title=str(website["title"]),
        lang=str(config.get("lang") or "en-GB"),
        navbar=tuple(_link(item) for item in navbar),
        sidebar=tuple(_sidebar_entry(item) for item in contents),
        page_navigation=bool(website.get("page-navigation", False)),
        site_url=str(website.get("site-url") or "").rstrip("/"),
        description=str(website.get("description") or ""),
    )
    listed = (config.get("project") or {}).get("render")
    if not listed:
        return replace(site, pages=tuple(dict.fromkeys(site.page_order())))
    pages = tuple(dict.fromkeys(_page_name(entry) for entry in listed))
    for link in (*site.navbar, *site.sidebar_links()):
        if link.page not in pages:
            raise QuartoConfigError(
                f"{path}: the navigation links to page {link.page!r}, which project.render does not list"
            )
    return replace(site, pages=pages)
