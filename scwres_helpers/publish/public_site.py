"""``scwres publish``: one static public website for every built year, and nothing private.

``DIR/<year>/`` is each year's national site (``outputs/<year>/public/site``), copied
with each authority's public summary (``DIR/<year>/authorities/<CODE>/summary.html``
and ``.pdf``, from ``outputs/<year>/public/authorities``) and with its year switcher written again for every published year (between the markers
of ``templates/years.html.j2``: no notebook is executed and no page re-rendered, so a
year built later updates the earlier ones' switchers); ``DIR/index.html`` sends the
reader to the latest year (and lists them all); ``DIR/404.html`` and
``DIR/sitemap.xml`` serve the whole site. Every link is relative within DIR (the
404 page's are from the site's root), so DIR works on any static host.

The site is assembled in a folder beside DIR, scanned for anything private
(``private_findings``: by kind of file and by content; a public summary may name its
own authority and no other), and only then put in DIR's
place; DIR itself must be new, empty or made by an earlier ``scwres publish``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from pypdf import PdfReader

from scwres_helpers import config
from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.codes import AUTHORITY_CODE_PATTERN
from scwres_helpers.dates import long_date
from scwres_helpers.publish.branding import load_branding
from scwres_helpers.publish.html_page import Link, render_page, render_template
from scwres_helpers.publish.quarto_config import load_site_config
from scwres_helpers.publish.release import read_release
from scwres_helpers.publish.site_navigation import year_links

MARKER = ".scwres-published"  # says DIR was made by scwres publish (so it may be replaced)
YEARS_REGION = re.compile(r"<!-- scwres:years -->.*?<!-- /scwres:years -->\n?", re.DOTALL)
NOT_INDEXED = ("404.html", "search.html")
# Kinds of file that are private wherever they are: notebooks, manifests and release
# records, input bundles, sealed caches, intake feedback.
PRIVATE_NAMES = re.compile(
    r"(\.ipynb|manifest\.json|release\.json|\.sealed|about\.json|rows\.csv|peers\.csv|action_plan(_last_year)?\.csv"
    r"|-feedback\.html)$", re.IGNORECASE)
PRIVATE_FOLDERS = {"private", "inputs", "notebooks", "reports", ".cache", ".scwres-cache", ".intake", ".quarantine"}
TEXT_SUFFIXES = {".html", ".htm", ".js", ".css", ".csv", ".json", ".xml", ".txt", ".md", ".svg", ".qmd"}
# A file URL names a path (file:///..., file://host/...); Quarto's search script only
# mentions "file://... URLs" in a message, which is not one.
ABSOLUTE_PATH = re.compile(r"(file:///|file://[\w.-]+/|(?<![\w.])/(home|root|Users|tmp|work|var/folders)/|[A-Za-z]:\\\\)")


class PublishError(ValueError):
    """The public site cannot be published; the message says what to do."""


@dataclass(frozen=True)
class Published:
    out_dir: Path
    years: list[int]
    pages: int
    files: int


def built_years(outputs: Path) -> list[int]:
    """Years under OUTPUTS whose public site has a home page."""
    root = Path(outputs)
    return sorted(int(p.name) for p in root.iterdir()
                  if p.is_dir() and p.name.isdigit() and (config.YearLayout(p).site / "index.html").is_file()) \
        if root.is_dir() else []


def publication_dates(outputs: Path, year: int) -> tuple[date | None, date | None]:
    """The year's publication date (its build's manifest) and its latest national revision."""
    layout = config.YearLayout.of(outputs, year)
    try:
        manifest = json.loads(layout.manifest.read_text(encoding="utf-8"))
        published = manifest["parameters"]["publication_dates"][str(year)]
    except (OSError, ValueError, KeyError, TypeError):
        published = None
    release = read_release(layout)
    revised = release.revised if release is not None else None
    return (date.fromisoformat(published) if published else None,
            date.fromisoformat(revised) if revised else None)


def with_years(page: str, years: list[int], year: int) -> str:
    """PAGE with its year switcher (between the markers) listing YEARS; unchanged if it has none."""
    region = render_template("years.html.j2", years=year_links(years, year))
    return YEARS_REGION.sub(lambda _: region, page, count=1)


def _check_destination(out_dir: Path, outputs: Path) -> None:
    out_dir, outputs = Path(out_dir).resolve(), Path(outputs).resolve()
    if out_dir == outputs or outputs.is_relative_to(out_dir) or out_dir.is_relative_to(outputs / "") and any(
            part.isdigit() for part in out_dir.relative_to(outputs).parts[:1]):
        raise PublishError(f"{out_dir}: would mix the public site with the build outputs in {outputs}; "
                           "publish to a folder of its own (for example public_html/)")
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())):
        raise PublishError(f"{out_dir}: exists and was not made by scwres publish; choose a new or empty folder "
                           "(it is replaced as a whole)")


def _copy_year(site: Path, target: Path, years: list[int], year: int) -> None:
    """The year's site into TARGET, its pages with the switcher for YEARS; hidden entries
    (the build's cache records, ``.scwres-cache``) stay behind. Also copies a year's
    public summaries (their pages have no switcher, so they are copied as they are)."""
    if not site.is_dir():
        return
    for path in sorted(site.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(site).parts):
            continue
        destination = target / path.relative_to(site)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif path.suffix == ".html":
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(with_years(path.read_text(encoding="utf-8"), years, year), encoding="utf-8")
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def _root_page(title: str, body: str, *, css: str, home: str, description: str, head_extra: str = "") -> str:
    page = render_page(title=title, body=body, programme=load_site_config().title, css_href=css, home_href=home,
                       page_class="site-page page-root", description=description, favicon_href=css.rsplit("/", 1)[0]
                       + "/favicon.svg")
    return page.replace("</title>\n", f"</title>\n{head_extra}", 1) if head_extra else page


def root_index(years: list[int], dates: dict[int, tuple[date | None, date | None]]) -> str:
    """``DIR/index.html``: straight on to the latest year, with every year listed."""
    latest = years[-1]
    items = "\n".join(
        f'<li><a href="{y}/index.html">The {y} report</a>'
        + (f" (published {long_date(dates[y][0])})" if dates[y][0] else "") + "</li>"
        for y in reversed(years))
    body = render_template("published_index.html.j2", latest=latest, items=items)
    return _root_page(f"{load_site_config().title}", body, css=f"{latest}/scwres.css", home=f"{latest}/index.html",
                      description=f"The {load_site_config().title}: every published year, the latest {latest}.",
                      head_extra=f'<meta http-equiv="refresh" content="0; url={latest}/index.html">\n'
                                 f'<link rel="canonical" href="{latest}/index.html">\n')


def not_found_page(years: list[int], base: str, search_page: bool = True) -> str:
    """``DIR/404.html``: served by a static host for any missing page, at any depth, so its
    links start from the site's root (BASE: the site URL, or "/"). SEARCH_PAGE: the latest
    year has a search page to link to (the bundled site's; Quarto's search is a dialog)."""
    latest = years[-1]
    body = render_template("not_found.html.j2", base=base, latest=latest, years=list(reversed(years)),
                           search_page=search_page)
    return _root_page(f"Page not found – {load_site_config().title}", body, css=f"{base}{latest}/scwres.css",
                      home=f"{base}{latest}/index.html", description="Page not found.")


def sitemap(out_dir: Path, base: str, dates: dict[int, tuple[date | None, date | None]]) -> str:
    """``DIR/sitemap.xml``: every page (not the 404 or search pages), dated by its year's
    publication (or latest revision)."""
    entries = []
    for page in sorted(Path(out_dir).rglob("*.html")):
        relative = page.relative_to(out_dir).as_posix()
        if page.name in NOT_INDEXED:
            continue
        head = relative.split("/", 1)[0]
        published, revised = dates.get(int(head), (None, None)) if head.isdigit() else (None, None)
        modified = revised or published
        entries.append(f"  <url><loc>{xml_escape(base + relative)}</loc>"
                       + (f"<lastmod>{modified.isoformat()}</lastmod>" if modified else "") + "</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n")


def _text_of(path: Path, every_page: bool = False) -> str:
    """The words of a file to scan; of a PDF its title and first page (EVERY_PAGE: all of them)."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".pdf":
        reader = PdfReader(str(path))
        title = str((reader.metadata or {}).get("/Title", ""))
        pages = reader.pages if every_page else reader.pages[:1]
        return title + "\n" + "\n".join(page.extract_text() for page in pages)
    if path.suffix.lower() == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "\n".join(book.read(n).decode("utf-8", "replace") for n in book.namelist()
                             if n.endswith("sharedStrings.xml") or n.startswith("docProps/"))
    return ""


AUTHOR = re.compile(r'<meta name="author" content="([^"]*)">')
SUMMARY_FILES = {f"{config.SUMMARY_STEM}{suffix}" for suffix in config.SUMMARY_SUFFIXES}
ANY_AUTHORITY_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{8}(?![0-9])")


def summary_authorities(folder: Path) -> dict[str, str]:
    """Authority code -> name of every public summary under FOLDER (``authorities/<CODE>/summary.html``;
    the name is the page's author)."""
    found = {}
    for page in sorted(Path(folder).rglob(f"{config.AUTHORITIES}/*/{config.SUMMARY_STEM}.html")):
        match = AUTHOR.search(page.read_text(encoding="utf-8", errors="replace"))
        found[page.parent.name] = html.unescape(match.group(1)) if match else ""
    return found


def _summary_finding(relative: str, path: Path, text: str, authorities: dict[str, str]) -> str | None:
    """Why a file under an ``authorities/`` folder cannot be published, or None: only a summary
    (named by its folder's code) may be there, naming no other authority by code or name."""
    code = path.parent.name
    if not AUTHORITY_CODE_PATTERN.fullmatch(code) or path.name not in SUMMARY_FILES:
        return f"{relative}: not an authority's public summary (authorities/<CODE>/summary.html or .pdf)"
    others = sorted({c for c in ANY_AUTHORITY_CODE.findall(text) if c != code}
                    | {c for c, name in authorities.items() if c != code and name and _names(text, name)})
    if others:
        return f"{relative}: names another authority ({', '.join(others)}); a summary names its own only"
    return None


def _names(text: str, name: str) -> bool:
    """Whether TEXT has NAME, as written or escaped as HTML (by Pandoc or the page template)."""
    return any(form in text for form in {name, html.escape(name, quote=False), html.escape(name),
                                         html.escape(name).replace("&#x27;", "&#39;")})


def _in_summaries(relative: str) -> bool:
    parts = relative.split("/")
    return config.AUTHORITIES in parts[:-1]


def private_findings(folder: Path, also_absolute: tuple[str, ...] = ()) -> list[str]:
    """Everything under FOLDER that must not be public, one line each: private kinds of file
    and folder (notebooks, manifests, bundles, authority reports named by their code),
    content marked for one authority (the handling marking), absolute paths (ALSO_ABSOLUTE:
    paths of this machine to look for besides the usual ones), and anything in an
    ``authorities/`` folder but a public summary naming its own authority alone."""
    branding = load_branding()
    marking = branding.short_marking.lower()
    authorities = summary_authorities(folder)
    findings = []
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            findings.append(f"{relative}: a link (could point anywhere)")
        elif path.is_dir():
            if path.name.lower() in PRIVATE_FOLDERS:
                findings.append(f"{relative}/: a folder of private outputs")
        elif PRIVATE_NAMES.search(path.name):
            findings.append(f"{relative}: a private kind of file (notebook, manifest, bundle or feedback)")
        elif AUTHORITY_CODE_PATTERN.match(path.stem) and path.suffix.lower() in (".html", ".pdf", ".xlsx"):
            findings.append(f"{relative}: named like an authority's report ({path.stem})")
        else:
            summary_file = _in_summaries(relative)
            try:
                text = _text_of(path, every_page=summary_file)
            except Exception as error:  # an unreadable file cannot be vouched for
                findings.append(f"{relative}: could not be checked ({type(error).__name__})")
                continue
            if summary_file and (finding := _summary_finding(relative, path, text, authorities)):
                findings.append(finding)
            elif marking in text.lower():
                findings.append(f"{relative}: marked '{branding.short_marking}' (an authority's report)")
            elif (match := ABSOLUTE_PATH.search(text)) or any(p and p in text for p in also_absolute):
                shown = match.group(0) if match else next(p for p in also_absolute if p and p in text)
                findings.append(f"{relative}: holds an absolute path ({shown})")
    return findings


def publish_site(outputs: Path, out_dir: Path, site_url: str | None = None) -> Published:
    """Put every built year's public site into OUT_DIR (see the module docstring)."""
    outputs, out_dir = Path(outputs), Path(out_dir)
    years = built_years(outputs)
    if not years:
        raise PublishError(f"{outputs}: no year has a national site (outputs/<year>/public/site/index.html); "
                           "build one first with `scwres build`")
    _check_destination(out_dir, outputs)
    base = (site_url if site_url is not None else load_site_config().site_url).rstrip("/") + "/"
    dates = {year: publication_dates(outputs, year) for year in years}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for year in years:
            layout = config.YearLayout.of(outputs, year)
            _copy_year(layout.site, staging / str(year), years, year)
            _copy_year(layout.summaries, staging / str(year) / config.AUTHORITIES, years, year)
        write_text_atomic(staging / "index.html", root_index(years, dates))
        write_text_atomic(staging / "404.html",
                          not_found_page(years, base, (staging / str(years[-1]) / "search.html").is_file()))
        write_text_atomic(staging / "sitemap.xml", sitemap(staging, base, dates))
        findings = private_findings(staging, also_absolute=(str(outputs.resolve()), str(config.PROJ_ROOT)))
        if findings:
            raise PublishError(f"refused: {len(findings)} private or unsafe item(s) would be published (nothing "
                               f"was written to {out_dir}):\n" + "\n".join(f"  {line}" for line in findings))
        (staging / MARKER).write_text("made by scwres publish; replaced as a whole by the next\n", encoding="utf-8")
        files = [p for p in staging.rglob("*") if p.is_file()]
        pages = sum(p.suffix == ".html" for p in files)
        os.chmod(staging, 0o755)
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
            staging.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Published(out_dir, years, pages, len(files))


def scan_published(folder: Path) -> list[str]:
    """``private_findings`` of a published folder (a check anyone can run before uploading)."""
    return private_findings(Path(folder), also_absolute=(str(config.PROJ_ROOT),))


__all__ = ["Link", "PublishError", "Published", "built_years", "private_findings", "publish_site"]
