"""The bundled renderer: executed notebooks -> markdown -> Pandoc -> HTML, and -> Typst -> PDF.

Needs nothing outside the Python environment (Pandoc comes with pypandoc-binary,
Typst with the ``typst`` wheel), so it is the default here and in CI. Titles and
navigation come from ``_quarto.yml``, as they do for Quarto.

- ``render_authority``: ``<CODE>.html``, one self-contained file (style and charts
  embedded), and ``<CODE>.pdf``, A4, tagged, branded with the handling marking.
- ``render_site``: the national website (a page per chapter, downloads page, shared
  style sheet, chart images) and ``report.pdf``, the whole report with a title page
  and contents.

Given the same executed notebooks, both write the same bytes every time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from importlib.metadata import version
from pathlib import Path

from pypdf import PdfReader

from scwres_helpers.atomic import write_bytes_atomic, write_text_atomic
from scwres_helpers.config import QUARTO_CONFIG, TEMPLATES_DIR
from scwres_helpers.dates import long_date
from scwres_helpers.publish import content_pages, html_page, site_navigation, site_search
from scwres_helpers.publish.branding import load_branding
from scwres_helpers.publish.html_page import FooterLine
from scwres_helpers.publish.naming import checked_authority_code, checked_page_name
from scwres_helpers.publish.content import YearContent
from scwres_helpers.publish.notebook_markdown import NotebookDocument, notebook_to_markdown, read_notebook
from scwres_helpers.publish.pandoc import convert_each, convert_markdown, pandoc_version
from scwres_helpers.publish.quarto_config import SiteConfig, load_site_config
from scwres_helpers.publish.typst_pdf import compile_pdf

STYLESHEET_NAME = "scwres.css"
IMAGES_DIR = "images"
REPORT_PDF = "report.pdf"
DOWNLOADS_PAGE = "downloads"
_WORKERS = max(2, min(4, os.cpu_count() or 2))  # Pandoc runs are separate processes

AUTHORITY_MAIN = """#import "scwres.typ": *
#show: authority-report.with(
  title: sys.inputs.title,
  programme: sys.inputs.programme,
  marking: sys.inputs.short_marking,
  footer-text: sys.inputs.marking,
)
"""

NATIONAL_MAIN = """#import "scwres.typ": *
#show: national-report.with(
  title: sys.inputs.title,
  subtitle: sys.inputs.subtitle,
  programme: sys.inputs.programme,
  notice: {notice},
)
"""


def leading_notice(markdown: str) -> str | None:
    """The first block quote before any level-2 heading (the synthetic-data banner)."""
    for block in re.split(r"\n\s*\n", markdown):
        stripped = block.lstrip()
        if stripped.startswith("## "):
            return None
        if stripped.startswith(">"):
            return block.strip()
    return None


def _size_text(n_bytes: int) -> str:
    return f"{n_bytes / 1024:.0f} KB" if n_bytes < 1024 * 1024 else f"{n_bytes / (1024 * 1024):.1f} MB"


def _has_title(markdown: str) -> bool:
    return re.search(r"^# \S", markdown, flags=re.MULTILINE) is not None


class BundledRenderer:
    """Pandoc + Typst, from the Python environment alone."""

    name = "bundled"

    def __init__(self, site_config: Path = QUARTO_CONFIG) -> None:
        self.site_config_path = Path(site_config)

    def describe(self) -> str:
        """Which Pandoc and Typst make the reports (for the build summary and manifest)."""
        return f"bundled (Pandoc {pandoc_version()}, Typst {version('typst')})"

    # Authority reports -------------------------------------------------------------

    def render_authority(
        self, executed: Path, out_dir: Path, *, authority_code: str, authority_name: str, year: int
    ) -> list[Path]:
        """Write ``<out_dir>/<CODE>.html`` and ``<CODE>.pdf`` from one executed authority notebook."""
        [written] = self.render_authorities([(executed, out_dir, authority_code, authority_name)], year)
        if isinstance(written, BaseException):
            raise written
        return written

    def render_authorities(self, reports: Sequence[tuple[Path, Path, str, str]], year: int) -> list:
        """``render_authority`` for each (EXECUTED, OUT_DIR, CODE, NAME) of REPORTS, their bodies
        written together (``pandoc.convert_each``: directly, or by one Pandoc run for any the
        direct writers refuse): each one's files, or the error it failed with (the others go on)."""
        documents = []
        for executed, _out_dir, code, _name in reports:
            try:
                checked_authority_code(code)
                documents.append(notebook_to_markdown(Path(executed)))
            except Exception as error:  # noqa: BLE001 - this report's failure
                documents.append(error)
        readable = [d for d in documents if not isinstance(d, BaseException)]
        converted = iter(convert_each([d.markdown for d in readable]))
        written: list = []
        for (_executed, out_dir, code, name), document in zip(reports, documents):
            bodies = document if isinstance(document, BaseException) else next(converted)
            if isinstance(bodies, BaseException):
                written.append(bodies)
                continue
            try:
                written.append(self._write_authority(document, bodies, Path(out_dir), code, name, year))
            except Exception as error:  # noqa: BLE001 - this report's failure
                written.append(error)
        return written

    def _write_authority(self, document: NotebookDocument, bodies: tuple[str, str], out_dir: Path, code: str,
                         authority_name: str, year: int) -> list[Path]:
        branding = load_branding()
        title = branding.fill(branding.authority_title, year=year, authority=authority_name)
        marking = branding.fill(branding.authority_marking, year=year, authority=authority_name)
        html_body, typst_body = bodies

        page = html_page.render_page(
            title=title,
            body=html_page.embed_images(html_page.with_contents(html_body), document.images),
            programme=branding.programme,
            page_class="authority-report",
            css_inline=html_page.stylesheet(),
            band_marking=branding.short_marking,
            footer_lines=(FooterLine(marking, marking=True),),
        )
        html_path = write_text_atomic(out_dir / f"{code}.html", page)
        pdf_path = compile_pdf(
            AUTHORITY_MAIN + typst_body,
            out_dir / f"{code}.pdf",
            inputs={
                "title": title,
                "programme": branding.programme,
                "short_marking": branding.short_marking,
                "marking": marking,
            },
            files=document.images,
        )
        return [html_path, pdf_path]

    # The national site --------------------------------------------------------------

    def render_site(
        self,
        chapters: Mapping[str, Path],
        out_dir: Path,
        year: int,
        extra_pages: Mapping[str, str] | None = None,
        years_available: Iterable[int] = (),
        content: YearContent | None = None,
        only: Collection[str] | None = None,
        published: date | None = None,
        revised: date | None = None,
    ) -> list[Path]:
        """Write the national website and its one-PDF report into OUT_DIR; return the files.

        CONTENT (``publish.content``) adds the year's foreword, commentary and pages.
        ONLY, when given, names the pages to write again, and nothing else is written
        (no PDF, images, style sheet or search index): ``scwres preview`` after an edit
        to content. Besides the pages: a search page with its index (``site_search``),
        a favicon, previous and next links (``page-navigation`` in ``_quarto.yml``) and
        a meta description on every page; the footer and the PDF's title page say when
        it was PUBLISHED (and REVISED). The year switcher lists YEARS_AVAILABLE (the
        build gives none: ``scwres publish`` writes it for the published years).
        """
        config = content_pages.site_config(load_site_config(self.site_config_path), content)
        extra_pages = dict(extra_pages or {})
        names = [checked_page_name(name) for name in [*chapters, *extra_pages, *(content.pages if content else ())]]
        if "index" not in chapters:
            raise ValueError("the national site needs an 'index' chapter (its home page)")
        out_dir = Path(out_dir)
        images_dir = out_dir / IMAGES_DIR
        dated = {"published": published, "revised": revised}

        wanted = [p for p in site_navigation.site_pages(config, chapters) if only is None or p in only]
        documents = chapter_documents(chapters, wanted, content) | content_documents(content)
        chapter_order = [p for p in site_navigation.site_pages(config, documents) if p in documents]
        pages = site_navigation.site_pages(config, [*names, DOWNLOADS_PAGE])
        markdown = {name: documents[name].markdown for name in chapter_order}
        markdown |= {name: text for name, text in extra_pages.items() if name not in markdown}
        if only is not None:
            return self._write_pages(config, [p for p in pages if p in only and p in markdown], pages, markdown,
                                     out_dir, year, years_available, **dated)
        written = write_images(documents, images_dir)

        # The PDF is built while the pages are converted; the downloads page waits
        # for it, since it states the PDF's size and page count.
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            pdf_job = pool.submit(
                render_national_pdf, config, documents, chapter_order, out_dir / REPORT_PDF, year, images_dir,
                **dated,
            )
            jobs = {p: pool.submit(convert_markdown, markdown[p], "html") for p in pages if p != DOWNLOADS_PAGE}
            pdf_path = pdf_job.result()
            markdown[DOWNLOADS_PAGE] = downloads_markdown(config, markdown.get(DOWNLOADS_PAGE), pdf_path, year)
            jobs[DOWNLOADS_PAGE] = pool.submit(convert_markdown, markdown[DOWNLOADS_PAGE], "html")
            bodies = {page: job.result() for page, job in jobs.items()}
        written.append(pdf_path)

        stylesheet = write_text_atomic(out_dir / STYLESHEET_NAME, html_page.stylesheet())
        written += write_site_files(out_dir, {site_navigation.page_href(p): (config.page_title(p), bodies[p])
                                              for p in pages})
        written += self._write_pages(config, pages, pages, markdown, out_dir, year, years_available, bodies,
                                     search=True, **dated)
        return [stylesheet, *written]

    def _write_pages(self, config: SiteConfig, write: list[str], pages: list[str], markdown: Mapping[str, str],
                     out_dir: Path, year: int, years_available: Iterable[int],
                     bodies: Mapping[str, str] | None = None, *, search: bool = False,
                     published: date | None = None, revised: date | None = None) -> list[Path]:
        """Write the pages named in WRITE (of the site's PAGES), converting what BODIES lacks,
        and with SEARCH the search page."""
        bodies = dict(bodies or {})
        missing = [page for page in write if page not in bodies]
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            bodies |= dict(zip(missing, pool.map(lambda page: convert_markdown(markdown[page], "html"), missing)))
        years = site_navigation.year_links(years_available, year)
        footer = site_footer(config, year, published, revised)

        def page_html(page: str, body: str, title: str, **extra: object) -> str:
            return html_page.render_page(
                title=f"{title} – {config.title}, {year}",
                body=html_page.with_contents(body),
                programme=f"{config.title}, {year}",
                lang=config.lang,
                page_class=f"site-page page-{page}",
                css_href=STYLESHEET_NAME,
                home_href=site_navigation.page_href("index"),
                navbar=site_navigation.navbar(config, pages, page),
                sidebar=site_navigation.sidebar(config, pages, page),
                years=years,
                footer_lines=footer,
                site_page=True,
                favicon_href=FAVICON,
                search_href=site_navigation.page_href(site_search.SEARCH_PAGE),
                **extra,
            )

        written = []
        for page in write:
            text = page_html(page, bodies[page], config.page_title(page),
                             description=(config.description if page == "index" and config.description
                                          else html_page.describe(bodies[page])),
                             pager=site_navigation.pager(config, pages, page))
            written.append(write_text_atomic(out_dir / site_navigation.page_href(page), text))
        if search:
            text = page_html(site_search.SEARCH_PAGE, site_search.search_page_body(), "Search",
                             description=f"Search the {config.title}, {year}.", scripts=site_search.PAGE_SCRIPTS)
            written.append(write_text_atomic(out_dir / site_navigation.page_href(site_search.SEARCH_PAGE), text))
        return written


FAVICON = "favicon.svg"


def site_footer(config: SiteConfig, year: int, published: date | None,
                revised: date | None) -> tuple[FooterLine, ...]:
    """The site's footer: the report, when it was published and, if so, revised."""
    lines = [FooterLine(f"{config.title}, {year}.")]
    if published is not None:
        lines.append(FooterLine(f"Published {long_date(published)}."
                                + (f" Revised {long_date(revised)} (see Revisions)." if revised else "")))
    return tuple(lines)


def write_site_files(out_dir: Path, pages: Mapping[str, tuple[str, str]]) -> list[Path]:
    """The files every page of the site shares: favicon, search scripts and the search index
    of PAGES (href -> (title, body HTML))."""
    written = [write_bytes_atomic(out_dir / FAVICON, (TEMPLATES_DIR / FAVICON).read_bytes())]
    for script in site_search.SCRIPTS:
        written.append(write_bytes_atomic(out_dir / script, (site_search.SITE_SCRIPTS / script).read_bytes()))
    written.append(write_text_atomic(out_dir / site_search.INDEX_SCRIPT, site_search.search_index_script(pages)))
    return written


def chapter_documents(chapters: Mapping[str, Path], order: Iterable[str],
                      content: YearContent | None = None) -> dict[str, NotebookDocument]:
    """Each chapter's markdown, with its foreword and commentary from CONTENT (figures put in);
    its images named ``<chapter>-fig-NN`` under ``images/``."""
    return {
        name: notebook_to_markdown(
            content_pages.with_content(read_notebook(Path(chapters[name])), name, content, resolved=True),
            image_stem=f"{name}-fig", image_dir=f"{IMAGES_DIR}/",
        )
        for name in order if name in chapters
    }


def content_documents(content: YearContent | None) -> dict[str, NotebookDocument]:
    """Each content page's markdown (figures put in)."""
    if content is None:
        return {}
    return {name: NotebookDocument(content_pages.page_markdown(name, content, resolved=True)) for name in content.pages}


def write_images(documents: Mapping[str, NotebookDocument], images_dir: Path) -> list[Path]:
    """Write every chart image; remove images a previous build left behind."""
    names = {name: data for document in documents.values() for name, data in document.images.items()}
    if images_dir.is_dir():
        for stale in images_dir.iterdir():
            if stale.is_file() and stale.name not in names:
                stale.unlink()
    return [write_bytes_atomic(images_dir / name, data) for name, data in sorted(names.items())]


def render_national_pdf(
    config: SiteConfig,
    documents: Mapping[str, NotebookDocument],
    order: list[str],
    out_pdf: Path,
    year: int,
    images_dir: Path,
    *,
    published: date | None = None,
    revised: date | None = None,
) -> Path:
    """The whole national report as one PDF: title page (the title with its year, when it
    was published and revised, the first chapter's notice, e.g. the synthetic-data
    banner), contents, each chapter from a new page."""
    branding = load_branding()
    markdown = "\n\n".join(documents[name].markdown for name in order)
    notice_md = leading_notice(documents[order[0]].markdown)
    if notice_md:
        body, notice = _convert_both_typst(markdown, notice_md)
        notice_source = "[\n" + notice + "\n]"
    else:
        body, notice_source = convert_markdown(markdown, "typst"), "none"
    return compile_pdf(
        NATIONAL_MAIN.replace("{notice}", notice_source) + body,
        out_pdf,
        inputs={
            "title": f"{config.title}, {int(year)}",
            "subtitle": branding.fill(branding.national_subtitle, year=year)
            + (f" · Published {long_date(published)}" if published else "")
            + (f" · Revised {long_date(revised)}" if revised else ""),
            "programme": branding.programme,
        },
        file_dirs={IMAGES_DIR: images_dir},
    )


def downloads_markdown(config: SiteConfig, given: str | None, pdf_path: Path, year: int) -> str:
    """The downloads page (given or a bare one) with a section linking the whole-report PDF
    (its size and page count) before the page's first section, or at its end.

    A page that already links ``report.pdf`` is left as it is.
    """
    text = (given or "").strip()
    if not _has_title(text):
        text = f"# {config.page_title(DOWNLOADS_PAGE)}\n\n{text}".strip()
    if f"]({REPORT_PDF})" in text:
        return text + "\n"
    pages = len(PdfReader(str(pdf_path)).pages)
    size = _size_text(pdf_path.stat().st_size)
    section = (
        "## The whole report\n\n"
        f"[The national report for {int(year)} as one PDF]({REPORT_PDF}) (PDF, {size}, {pages} pages): "
        "every chapter in order, with a contents page.\n"
    )
    first_section = re.search(r"^## ", text, flags=re.MULTILINE)
    if first_section is None:
        return f"{text}\n\n{section}"
    return f"{text[: first_section.start()]}{section}\n{text[first_section.start():]}\n"


def _convert_both_typst(markdown: str, notice: str) -> tuple[str, str]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        body = pool.submit(convert_markdown, markdown, "typst")
        notice_body = pool.submit(convert_markdown, notice, "typst")
        return body.result(), notice_body.result()
