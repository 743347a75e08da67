"""The rendered pages in real headless Chromium: axe-core, console, links, phone width.

Runs Debian's ``chromium`` through Playwright for Python. Without it the tests skip
with the reason, except under CI (``CI=true``), where a missing browser fails them.
Screenshots at 1280 and 375 px are saved in the session's temporary folder.

Pages of both renderers are checked. The bundled pages are opened as files. Quarto's
site is served over HTTP, as it must be: its scripts are ES modules and its search
reads ``search.json``, which browsers refuse to pages opened as files. So is what
``scwres publish`` makes of a bundled site: its root, 404, revisions and search pages.
"""

from __future__ import annotations

import posixpath
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from scwres_helpers.config import YearLayout
from scwres_helpers.publish.bundled import BundledRenderer
from scwres_helpers.publish.public_site import publish_site
from scwres_helpers.publish.revisions import revisions_markdown

from .conftest import DOWNLOADS, YEAR, skip_or_fail
from .site_crawl import served

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1280, 375)
SITE_PAGES = ("index", "indicator-3", "regions", "methodology", "downloads")
# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices
# (landmarks, regions, unique names), which axe leaves out of WCAG 2.2 by default.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _unavailable() -> str | None:
    if not (CHROMIUM.exists() or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM} (Debian package 'chromium'); browser tests need it"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Playwright or axe-playwright-python is not installed: {error}"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class PageVisit:
    """One page opened at one width, with what it logged and requested.

    PATH is the page's file; URL, when given, is where a server serves it."""

    def __init__(self, browser, path: Path, width: int, url: str | None = None):
        self.path = path.resolve()
        self.url = url or self.path.as_uri()
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        # Chromium asks a server for /favicon.ico by itself; a 404 for that is the browser's.
        self.context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        self.page.goto(self.url, wait_until="load")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visit(browser):
    opened: list[PageVisit] = []

    def open_page(path: Path, width: int = 1280, url: str | None = None) -> PageVisit:
        opened.append(PageVisit(browser, path, width, url))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # preload off: axe would otherwise fetch the style sheet by XHR, which file:// pages
    # refuse, logging a console error that is axe's, not the page's.
    results = Axe().run(
        page,
        options={"resultTypes": ["violations"], "preload": False, "runOnly": {"type": "tag", "values": AXE_TAGS}},
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def broken_links(visit_: PageVisit) -> list[str]:
    """Links that leave the site, or whose file (or fragment target) does not exist.

    Each link is resolved against the page's address (file:// or the test server's),
    then mapped back to the file it names beside the page's own file."""
    hrefs = visit_.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    ids = set(visit_.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    page = urlparse(visit_.url)
    broken = []
    for href in hrefs:
        target = urlparse(urljoin(visit_.url, href))
        if (target.scheme, target.netloc) != (page.scheme, page.netloc):
            broken.append(f"{href} (external link)")
            continue
        if target.path == page.path:
            if target.fragment and unquote(target.fragment) not in ids:
                broken.append(href)
            continue
        relative = posixpath.relpath(unquote(target.path), posixpath.dirname(unquote(page.path)))
        file = (visit_.path.parent / relative).resolve()
        if not (file.is_file() or (file / "index.html").is_file()):
            broken.append(href)
    return broken


def site_page_paths(site: Path) -> list[Path]:
    return [site / f"{name}.html" for name in SITE_PAGES]


def test_authority_report_has_no_axe_violations(visit, authority_report):
    opened = visit(authority_report["html"])
    assert axe_violations(opened.page) == []
    assert opened.console_errors == []


def test_authority_report_requests_nothing_but_itself(visit, authority_report):
    opened = visit(authority_report["html"])
    assert opened.requests == [opened.path.as_uri()]
    assert broken_links(opened) == []
    assert opened.page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


def test_hostile_name_runs_no_script(visit, hostile_report):
    opened = visit(hostile_report["html"])
    assert opened.page.evaluate("document.scripts.length") == 0
    assert "<script>alert(1)</script>" in opened.page.inner_text("h1")
    assert opened.console_errors == []


@pytest.mark.parametrize("name", SITE_PAGES)
def test_site_page_has_no_axe_violations_and_no_broken_links(visit, site, name):
    opened = visit(site / f"{name}.html")
    assert axe_violations(opened.page) == []
    assert opened.console_errors == []
    assert broken_links(opened) == []
    assert all(url.startswith(site.resolve().as_uri()) for url in opened.requests)
    assert opened.page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen(visit, site, authority_report, width, tmp_path_factory):
    shots = tmp_path_factory.mktemp(f"screenshots-{width}")
    for path in [authority_report["html"], *site_page_paths(site)]:
        opened = visit(path, width)
        scroll_width, inner_width = opened.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll_width <= inner_width, f"{path.name} is {scroll_width}px wide at {width}px"
        shot = shots / f"{path.stem}-{width}.png"
        opened.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000  # a rendered page, not a blank one


def test_phone_width_shows_the_chapter_menu_not_the_sidebar(visit, site):
    opened = visit(site / "indicator-3.html", 375)
    assert opened.page.is_hidden("nav.sidebar")
    assert opened.page.is_visible("nav.chapters-menu summary")
    opened.page.click("nav.chapters-menu summary")
    assert opened.page.is_visible("nav.chapters-menu a[aria-current=page]")
    wide = visit(site / "indicator-3.html", 1280)
    assert wide.page.is_visible("nav.sidebar a[aria-current=page]")
    assert wide.page.is_hidden("nav.chapters-menu")


def test_wide_tables_scroll_inside_their_region_on_a_phone(visit, authority_report):
    opened = visit(authority_report["html"], 375)
    opened.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    overflowing = opened.page.evaluate(
        "Array.from(document.querySelectorAll('.table-scroll')).filter(r => r.scrollWidth > r.clientWidth).length"
    )
    assert overflowing > 0
    assert opened.page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_on_a_phone_a_table_that_scrolls_says_so_and_its_caption_stays_in_view(visit, authority_report):
    """Each region that scrolls shows the hint above its table, one that does not shows
    none, and every caption wraps inside its region (it was cut off: '...plan, jud')."""
    opened = visit(authority_report["html"], 375)
    # The hint is a scroll-state container query, which Chromium evaluates when it next
    # renders a frame: opening the data blocks and reading the hints at once failed on a
    # busy machine (a region that scrolls, its hint not yet shown).
    opened.page.evaluate("""async () => {
        document.querySelectorAll('details').forEach(d => d.open = true);
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    }""")
    regions = opened.page.evaluate("""Array.from(document.querySelectorAll('.table-scroll')).map(r => {
        const caption = r.querySelector('caption');
        // Three tables fit exactly (343 of 343 px, 323 of 323); a pixel of rounding is not
        // a table that scrolls.
        return {scrolls: r.scrollWidth > r.clientWidth + 1,
                hint: getComputedStyle(r, '::before').content,
                caption_inside: !caption || caption.getBoundingClientRect().right
                                <= r.getBoundingClientRect().right + 1};
    })""")
    assert any(r["scrolls"] for r in regions) and any(not r["scrolls"] for r in regions)
    for region in regions:
        assert ("Scroll sideways" in region["hint"]) == region["scrolls"], region
        assert region["caption_inside"], region
    wide = visit(authority_report["html"], 1280)
    hints = wide.page.evaluate("""Array.from(document.querySelectorAll('.table-scroll'))
        .filter(r => r.scrollWidth <= r.clientWidth + 1)
        .map(r => getComputedStyle(r, '::before').content)""")
    assert hints and all("Scroll sideways" not in h for h in hints)


def test_skip_link_is_first_and_visible_on_focus(visit, site):
    opened = visit(site / "index.html")
    opened.page.keyboard.press("Tab")
    focused = opened.page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = opened.page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 50
    outline = opened.page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline == "rgb(255, 221, 0)"  # the GOV.UK focus yellow


def test_the_checks_catch_a_bad_page(visit, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><img src="missing.png">'
        '<p style="color:#aaa">faint</p><a href="nowhere.html">x</a></body></html>'
    )
    opened = visit(bad)
    ids = {line.split(" ")[0] for line in axe_violations(opened.page)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= ids
    assert broken_links(opened) == ["nowhere.html"]


# Quarto's pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quarto_served(quarto_site):
    """Quarto's site served over HTTP from its outputs folder: (site folder, site URL)."""
    root = quarto_site.parent  # the published site's root, holding 2024/ and 2023/
    with served(root) as url:
        yield quarto_site, f"{url}{quarto_site.relative_to(root).as_posix()}/"


def test_quarto_authority_report_has_no_axe_violations_and_requests_nothing_else(visit, quarto_report):
    opened = visit(quarto_report["html"])
    assert axe_violations(opened.page) == []
    assert opened.console_errors == []
    assert opened.requests == [opened.path.as_uri()]
    assert opened.page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SITE_PAGES)
def test_quarto_site_page_has_no_axe_violations_and_no_broken_links(visit, quarto_served, name, width):
    site, url = quarto_served
    opened = visit(site / f"{name}.html", width, url + f"{name}.html")
    assert axe_violations(opened.page) == []
    assert opened.console_errors == []
    assert broken_links(opened) == []
    assert all(request.startswith(url) for request in opened.requests), opened.requests
    scroll_width, inner_width = opened.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll_width <= inner_width, f"{name} is {scroll_width}px wide at {width}px"
    assert opened.page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


def test_quarto_search_finds_a_chapter(visit, quarto_served):
    site, url = quarto_served
    opened = visit(site / "index.html", 1280, url + "index.html")
    opened.page.click(".aa-DetachedSearchButton")
    opened.page.keyboard.type("disciplinary")
    results = opened.page.locator(".aa-Item")
    results.first.wait_for(timeout=10_000)
    found = results.evaluate_all(
        "items => items.map(i => i.querySelector('[data-href]')).map(e => e ? e.getAttribute('data-href') : '')"
    )
    assert any(href and href.startswith("./indicator-3.html") for href in found), found
    assert axe_violations(opened.page) == []  # the open search dialog too
    with opened.page.expect_navigation():
        opened.page.keyboard.press("Enter")  # the first result
    assert urlparse(opened.page.url).path.endswith(".html") and opened.page.url != url + "index.html"


# What `scwres publish` makes of a bundled site ---------------------------------------------

REVISION = {"date": "2025-04-02", "reason": "A council corrected its disciplinary counts.", "changes": [
    {"indicator": "3", "measure": "relative_likelihood", "service": "all", "group": "minoritised",
     "breakdown": "", "before": "1.52", "after": "1.49"}]}


@pytest.fixture(scope="module")
def published_served(national_chapters, tmp_path_factory):
    """A revised 2024 site, as a build lays it out, published with ``publish_site`` and served
    over HTTP from the published folder: (folder, root URL)."""
    outputs = tmp_path_factory.mktemp("published-outputs")
    layout = YearLayout.of(outputs, YEAR)
    revisions = revisions_markdown(YEAR, "2025-03-13", [REVISION])
    BundledRenderer().render_site(national_chapters, layout.site, YEAR,
                                  extra_pages={"downloads": DOWNLOADS, "revisions": revisions},
                                  published=date(2025, 3, 13), revised=date(2025, 4, 2))
    layout.manifest.parent.mkdir(parents=True, exist_ok=True)
    layout.manifest.write_text('{"parameters": {"publication_dates": {"2024": "2025-03-13"}}}', encoding="utf-8")
    folder = publish_site(outputs, tmp_path_factory.mktemp("published") / "web").out_dir
    with served(folder) as url:
        yield folder, url


@pytest.mark.parametrize("page", ["404.html", "2024/revisions.html", "2024/search.html?q=disciplinary"])
def test_published_new_pages_have_no_axe_violations_and_no_broken_links(visit, published_served, page):
    folder, url = published_served
    opened = visit(folder / page.split("?")[0], 1280, url + page)
    assert axe_violations(opened.page) == []
    assert opened.console_errors == []
    assert broken_links(opened) == []
    assert all(request.startswith(url) for request in opened.requests), opened.requests


def test_the_revisions_page_lists_the_revision(visit, published_served):
    folder, url = published_served
    opened = visit(folder / "2024" / "revisions.html", 1280, url + "2024/revisions.html")
    assert "2 April 2025" in opened.page.inner_text("main")
    cells = opened.page.eval_on_selector_all("main table tbody td", "tds => tds.map(td => td.innerText)")
    assert cells == ["3. Entering the formal disciplinary process", "relative likelihood", "1.52", "1.49"]
    assert "Revised 2 April 2025" in opened.page.inner_text("footer")


def test_the_search_box_finds_a_section_without_a_server_side_search(visit, published_served):
    folder, url = published_served
    opened = visit(folder / "2024" / "methodology.html", 1280, url + "2024/methodology.html")
    opened.page.fill("#site-search", "disciplinary")
    with opened.page.expect_navigation():
        opened.page.keyboard.press("Enter")
    assert opened.page.url == url + "2024/search.html?q=disciplinary"
    links = opened.page.locator("#search-results li a")
    links.first.wait_for(timeout=10_000)
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(href.startswith("indicator-3.html") for href in hrefs), hrefs
    assert opened.console_errors == []
    with opened.page.expect_navigation():
        links.first.click()
    assert urlparse(opened.page.url).path.startswith("/2024/")
    nothing = visit(folder / "2024" / "search.html", 1280, url + "2024/search.html?q=zqxjv")
    assert nothing.page.inner_text("#results-heading") == "No results for \u201czqxjv\u201d"


def test_the_published_root_sends_the_reader_to_the_latest_year(visit, published_served):
    folder, url = published_served
    opened = visit(folder / "index.html", 1280, url)
    opened.page.wait_for_url(url + "2024/index.html", timeout=10_000)
    assert opened.page.title().endswith("national report, 2024")
